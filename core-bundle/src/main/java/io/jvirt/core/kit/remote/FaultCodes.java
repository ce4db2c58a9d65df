package io.jvirt.core.kit.remote;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.jvirt.api.ErrorCode;

/**
 * A remote driver's table from its server's fault types to libvirt's error codes, so that every
 * remote failure reaches the client as a code it can act on (AUTH_FAILED, NO_DOMAIN,
 * OPERATION_INVALID, ...) while the message keeps the server's words. Immutable:
 * {@code FaultCodes.otherwise(INTERNAL_ERROR).map(AUTH_FAILED, "InvalidLogin", "NoPermission")}.
 *
 * @since 1.1.0
 */
public final class FaultCodes {

    private final Map<String, ErrorCode> codes;
    private final ErrorCode otherwise;

    private FaultCodes(Map<String, ErrorCode> codes, ErrorCode otherwise) {
        this.codes = codes;
        this.otherwise = otherwise;
    }

    /** An empty table whose every fault type is {@code code} (libvirt's drivers: INTERNAL_ERROR). */
    public static FaultCodes otherwise(ErrorCode code) {
        return new FaultCodes(Map.of(), Objects.requireNonNull(code));
    }

    /** This table with {@code types} mapped to {@code code}. */
    public FaultCodes map(ErrorCode code, String... types) {
        Map<String, ErrorCode> m = new HashMap<>(codes);
        for (String t : types) {
            m.put(t, Objects.requireNonNull(code));
        }
        return new FaultCodes(Map.copyOf(m), otherwise);
    }

    /** The code of fault type {@code type} (null: the default). */
    public ErrorCode code(String type) {
        return type == null ? otherwise : codes.getOrDefault(type, otherwise);
    }
}
