package io.jvirt.core.kit.rpc;

/**
 * Bytes that break libvirt's RPC protocol: a frame over the cap or cut short, a string or array
 * over its maximum, a negative length, a value that does not fit its declared type. The peer that
 * sent them is not to be trusted with the connection any longer.
 */
public class RpcProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RpcProtocolException(String message) {
        super(message);
    }

    public RpcProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
