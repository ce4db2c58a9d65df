package io.jvirt.core.kit.rpc;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * An error as libvirt sends it ({@code remote_error}): its code, domain, message and level; the
 * other fields libvirt's clients do not print and jvirt leaves empty (null, and 0 for int1/int2).
 */
public record RemoteError(int code, int domain, String message, int level) {

    /** VIR_ERR_ERROR: the level of every error libvirt's daemon sends. */
    public static final int LEVEL_ERROR = 2;

    public static RemoteError of(VirtException e) {
        return new RemoteError(e.code().number(), e.errorDomain().number(), e.getMessage(), LEVEL_ERROR);
    }

    public static RemoteError of(ErrorCode code, ErrorDomain domain, String info) {
        return of(new VirtException(code, domain, info));
    }

    /** libvirt's answer to a procedure its daemon does not know: RPC error "unknown procedure: N". */
    public static RemoteError unknownProcedure(int procedure) {
        return new RemoteError(ErrorCode.RPC.number(), ErrorDomain.RPC.number(), "unknown procedure: " + procedure,
            LEVEL_ERROR);
    }

    /** libvirt's answer to a call for a program it does not serve. */
    public static RemoteError unknownProgram(int program, int version) {
        return new RemoteError(ErrorCode.RPC.number(), ErrorDomain.RPC.number(),
            "Cannot find program " + program + " version " + version, LEVEL_ERROR);
    }

    public VirtException toException() {
        ErrorCode c;
        try {
            c = ErrorCode.fromNumber(code);
        } catch (RuntimeException e) {
            c = ErrorCode.INTERNAL_ERROR;
        }
        ErrorDomain d = domain >= 0 && domain < ErrorDomain.values().length ? ErrorDomain.values()[domain] : ErrorDomain.REMOTE;
        // the message is already worded; keep it whole
        return new VirtException(c, d, message) {
            private static final long serialVersionUID = 1L;

            @Override
            public String getMessage() {
                return message == null ? "Unknown error" : message;
            }
        };
    }

    private static StructDef def() {
        return ProtocolDescription.libvirt().struct("remote_error");
    }

    public byte[] encode() {
        return def().encode(XdrStruct.of("remote_error", "code", code, "domain", domain, "message", message,
            "level", level, "dom", null, "str1", null, "str2", null, "str3", null, "int1", 0, "int2", 0, "net", null));
    }

    public static RemoteError decode(byte[] payload) {
        XdrStruct s = def().decode(payload);
        return new RemoteError(s.getInt("code"), s.getInt("domain"), s.getString("message"), s.getInt("level"));
    }
}
