package io.jvirt.core.runtime;

import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** UUID parsing as libvirt accepts it: 32 hex digits, dashes anywhere between bytes. */
final class Uuids {

    private Uuids() {
    }

    static UUID parse(String s) {
        if (s == null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "uuid must not be null");
        }
        String hex = s.trim().replace("-", "");
        if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "invalid UUID '" + s + "'");
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }
}
