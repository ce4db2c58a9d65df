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
        this(code, domain, Objects.requireNonNull(code, "code").format(info), cause, true);
    }

    private VirtException(ErrorCode code, ErrorDomain domain, String message, Throwable cause, boolean formatted) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.domain = Objects.requireNonNull(domain, "domain");
    }

    /**
     * An error whose message is exactly {@code message}, without the code's words: libvirt's errors
     * raised with their own format through {@code virRaiseErrorFull} ({@code virCheckFlags},
     * {@code virReportInvalidArg}, {@code virCheckPositiveArg}, {@code VIR_EXCLUSIVE_FLAGS}): virsh
     * prints "error: unsupported flags (0x1) in function testDomainPinVcpuFlags", no "invalid argument: ".
     *
     * @since 0.7.0
     */
    public static VirtException verbatim(ErrorCode code, ErrorDomain domain, String message) {
        return new VirtException(code, domain, Objects.requireNonNull(message, "message"), null, false);
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
