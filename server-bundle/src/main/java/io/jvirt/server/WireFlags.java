package io.jvirt.server;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.VirtException;

/** A call's {@code unsigned int flags} as the API's flag constants; bits the API has no constant for are refused as libvirt refuses them. */
final class WireFlags {

    private WireFlags() {
    }

    @SuppressWarnings("unchecked")
    static <E extends Enum<E> & Flag> E[] of(Class<E> type, int bits, String function) {
        List<E> out = new ArrayList<>();
        int known = 0;
        for (E e : type.getEnumConstants()) {
            if ((bits & e.bit()) != 0) {
                out.add(e);
                known |= e.bit();
            }
        }
        refuseUnknown(bits & ~known, function);
        return out.toArray((E[]) Array.newInstance(type, 0));
    }

    /** For a call that takes no flags at all. */
    static void none(int bits, String function) {
        refuseUnknown(bits, function);
    }

    private static void refuseUnknown(int unknown, String function) {
        if (unknown != 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "unsupported flags (0x" + Integer.toHexString(unknown) + ") in function " + function);
        }
    }
}
