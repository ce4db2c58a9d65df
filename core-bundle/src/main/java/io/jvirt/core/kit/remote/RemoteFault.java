package io.jvirt.core.kit.remote;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A failure the server reported (a SOAP fault, a failed task), as the {@link VirtException} the
 * client sees, remembering the server's fault type so that the driver can react to some of them
 * (a session the server dropped: log in again).
 *
 * @since 1.1.0
 */
public class RemoteFault extends VirtException {

    private static final long serialVersionUID = 1L;
    private final String faultType;

    public RemoteFault(ErrorCode code, ErrorDomain domain, String message, String faultType) {
        super(code, domain, message);
        this.faultType = faultType;
    }

    /** The server's fault type ("NotAuthenticated"), or null. */
    public String faultType() {
        return faultType;
    }
}
