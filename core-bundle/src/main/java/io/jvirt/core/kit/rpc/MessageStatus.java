package io.jvirt.core.kit.rpc;

/** {@code virNetMessageStatus}: OK, ERROR (the payload is a {@code remote_error}), CONTINUE (stream data). */
public enum MessageStatus {
    OK(0), ERROR(1), CONTINUE(2);

    private final int number;

    MessageStatus(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** @throws RpcProtocolException for a number libvirt does not define */
    public static MessageStatus of(int number) {
        for (MessageStatus s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        throw new RpcProtocolException("unknown message status " + Integer.toUnsignedString(number));
    }
}
