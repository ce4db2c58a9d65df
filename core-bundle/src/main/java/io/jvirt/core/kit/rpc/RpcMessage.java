package io.jvirt.core.kit.rpc;

import java.util.Objects;

/** One frame: its header and its payload (XDR for calls, replies and events; raw bytes for stream data). */
public record RpcMessage(RpcHeader header, byte[] payload) {

    public RpcMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payload, "payload");
        if (RpcLimits.LENGTH_SIZE + RpcLimits.HEADER_SIZE + (long) payload.length > RpcLimits.MAX_MESSAGE) {
            throw new RpcProtocolException("message of " + payload.length + " payload bytes exceeds the maximum of "
                + RpcLimits.MAX_MESSAGE + " bytes");
        }
    }

    /** A reader over the payload. */
    public XdrReader payloadReader() {
        return new XdrReader(payload);
    }
}
