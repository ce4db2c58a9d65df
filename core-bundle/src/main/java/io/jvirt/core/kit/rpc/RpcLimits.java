package io.jvirt.core.kit.rpc;

/** libvirt's protocol limits ({@code virnetprotocol.x}, {@code remote_protocol.x}). */
public final class RpcLimits {

    /** VIR_NET_MESSAGE_MAX: the largest frame, length word included. */
    public static final int MAX_MESSAGE = 32 * 1024 * 1024;
    /** VIR_NET_MESSAGE_HEADER_MAX: the fixed header after the length word. */
    public static final int HEADER_SIZE = 24;
    /** VIR_NET_MESSAGE_LEN_MAX: the length word. */
    public static final int LENGTH_SIZE = 4;
    /** REMOTE_STRING_MAX: the longest string (and, in jvirt, opaque) of the protocol. */
    public static final int MAX_STRING = 4 * 1024 * 1024;

    private RpcLimits() {
    }
}
