package io.jvirt.core.kit.rpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * C strings in {@code char<max>} fields (the security model, DOI and label): libvirt's daemon puts
 * the string's bytes and its NUL (strlen + 1); its client reads up to the first NUL.
 *
 * @since 1.4.0
 */
public final class CStrings {

    private CStrings() {
    }

    /** The field's value for {@code s}, refused when a buffer of {@code max} bytes could not hold it with its NUL. */
    public static List<Integer> toChars(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length + 1 > max) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "security string of " + b.length
                + " bytes exceeds the maximum of " + (max - 1));
        }
        List<Integer> out = new ArrayList<>(b.length + 1);
        for (byte x : b) {
            out.add((int) x);
        }
        out.add(0);
        return out;
    }

    /** The text of a field's chars up to the first NUL (the codec has bounded their number). */
    public static String fromChars(List<Object> chars) {
        byte[] b = new byte[chars.size()];
        int n = 0;
        for (Object c : chars) {
            byte x = ((Number) c).byteValue();
            if (x == 0) {
                break;
            }
            b[n++] = x;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
