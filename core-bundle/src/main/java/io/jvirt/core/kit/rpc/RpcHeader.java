package io.jvirt.core.kit.rpc;

import java.util.Objects;

/**
 * The 24-byte header of every frame ({@code virNetMessageHeader}): program, version, procedure,
 * type, serial, status. Program, version and serial are unsigned on the wire and kept as their bits.
 */
public record RpcHeader(int program, int version, int procedure, MessageType type, int serial, MessageStatus status) {

    public RpcHeader {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
    }

    /** The reply to this call: program, version, procedure and serial copied, as libvirt's clients expect. */
    public RpcHeader reply(MessageStatus status) {
        return new RpcHeader(program, version, procedure, MessageType.REPLY, serial, status);
    }

    void write(XdrWriter out) {
        out.writeInt(program);
        out.writeInt(version);
        out.writeInt(procedure);
        out.writeInt(type.number());
        out.writeInt(serial);
        out.writeInt(status.number());
    }

    static RpcHeader read(XdrReader in) {
        int program = in.readInt();
        int version = in.readInt();
        int procedure = in.readInt();
        MessageType type = MessageType.of(in.readInt());
        int serial = in.readInt();
        MessageStatus status = MessageStatus.of(in.readInt());
        return new RpcHeader(program, version, procedure, type, serial, status);
    }

    @Override
    public String toString() {
        return "prog=0x" + Integer.toHexString(program) + " vers=" + version + " proc=" + procedure + " type=" + type
            + " serial=" + Integer.toUnsignedString(serial) + " status=" + status;
    }
}
