package io.jvirt.core.kit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;

/**
 * libvirt's {@code virTypedParamsValidate}: a setter of typed parameters (scheduler, blkio, memory
 * tunables) accepts only the fields it names, each of its type and at most once, with libvirt's words.
 *
 * @since 1.6.0
 */
public final class TypedParams {

    private TypedParams() {
    }

    /**
     * @param allowed pairs of field name and {@link TypedParameter.Type}
     * @throws VirtException INVALID_ARG "parameter 'x' occurs multiple times", "invalid type 'int' for
     *                       parameter 'x', expected 'uint'"; ARGUMENT_UNSUPPORTED "parameter 'x' not supported"
     */
    public static void validate(List<TypedParameter> params, Object... allowed) {
        List<TypedParameter> sorted = new ArrayList<>(params);
        sorted.sort(Comparator.comparing(TypedParameter::field));
        List<String> names = new ArrayList<>();
        List<TypedParameter.Type> types = new ArrayList<>();
        for (int k = 0; k + 1 < allowed.length; k += 2) {
            names.add((String) allowed[k]);
            types.add((TypedParameter.Type) allowed[k + 1]);
        }
        String last = null;
        for (TypedParameter p : sorted) {
            int j = names.indexOf(p.field());
            if (j < 0) {
                throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.NONE,
                    "parameter '" + p.field() + "' not supported");
            }
            if (p.field().equals(last)) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                    "parameter '" + p.field() + "' occurs multiple times");
            }
            if (p.type() != types.get(j)) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "invalid type '" + typeName(p.type())
                    + "' for parameter '" + p.field() + "', expected '" + typeName(types.get(j)) + "'");
            }
            last = p.field();
        }
    }

    /** {@code virTypedParameterTypeToString}. */
    public static String typeName(TypedParameter.Type t) {
        return t == TypedParameter.Type.BOOLEAN ? "boolean" : t.name().toLowerCase(java.util.Locale.ROOT);
    }
}
