package io.jvirt.api;

import java.util.Objects;

/**
 * The one exception of the jvirt API, after libvirt's {@code virError}: a code, the domain the
 * error came from and a message worded as libvirt words it. Unchecked: every API call may throw it.
 */
public class VirtException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final ErrorDomain domain;

    /**
     * @param code   what went wrong
     * @param domain where it went wrong
     * @param info   the detail libvirt adds to the code's message (may be null); the full message
     *               is {@code code.format(info)}
     */
    public VirtException(ErrorCode code, ErrorDomain domain, String info) {
        this(code, domain, info, null);
    }

    public VirtException(ErrorCode code, ErrorDomain domain, String info, Throwable cause) {
        super(Objects.requireNonNull(code, "code").format(info), cause);
        this.code = code;
        this.domain = Objects.requireNonNull(domain, "domain");
    }

    /** Shorthand for errors of the {@link ErrorDomain#DOMAIN} area. */
    public VirtException(ErrorCode code, String info) {
        this(code, ErrorDomain.DOMAIN, info, null);
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorDomain errorDomain() {
        return domain;
    }
}
