package io.jvirt.core.kit.rpc;

/** {@code virNetMessageType}: what a frame is. */
public enum MessageType {
    CALL(0), REPLY(1), MESSAGE(2), STREAM(3), CALL_WITH_FDS(4), REPLY_WITH_FDS(5), STREAM_HOLE(6);

    private final int number;

    MessageType(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** @throws RpcProtocolException for a number libvirt does not define */
    public static MessageType of(int number) {
        for (MessageType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        throw new RpcProtocolException("unknown message type " + Integer.toUnsignedString(number));
    }
}
