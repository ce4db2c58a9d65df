package io.jvirt.core.kit.rpc;

/**
 * One procedure of a program: its number, its name ({@code REMOTE_PROC_} left off), its argument
 * and reply structures (null: void), whether it is an event the server sends as a MESSAGE, and
 * whether its structures are described at all (a procedure known by number and name only cannot
 * be encoded or decoded: a server answers it NO_SUPPORT).
 */
public record Procedure(Program program, int number, String name, StructDef args, StructDef ret, boolean event,
                        boolean described) {

    private void requireDescribed() {
        if (!described) {
            throw new RpcProtocolException(this + " has no described structures");
        }
    }

    /** The arguments' bytes; empty for void. */
    public byte[] encodeArgs(XdrStruct value) {
        requireDescribed();
        return args == null ? new byte[0] : args.encode(value);
    }

    public byte[] encodeRet(XdrStruct value) {
        requireDescribed();
        return ret == null ? new byte[0] : ret.encode(value);
    }

    /** The arguments of a call; an empty structure for void. */
    public XdrStruct decodeArgs(byte[] payload) {
        requireDescribed();
        return args == null ? new XdrStruct(name.toLowerCase() + "_args") : args.decode(payload);
    }

    public XdrStruct decodeRet(byte[] payload) {
        requireDescribed();
        return ret == null ? new XdrStruct(name.toLowerCase() + "_ret") : ret.decode(payload);
    }

    @Override
    public String toString() {
        return program.name() + "_PROC_" + name + " (" + number + ")";
    }
}
