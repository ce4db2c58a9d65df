package io.jvirt.core.kit.rpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;

/**
 * libvirt's typed parameters on the wire ({@code remote_typed_param}), both ways, for the server and
 * the remote driver alike: virTypedParamsSerialize and virTypedParamsDeserialize.
 *
 * @since 1.4.0
 */
public final class TypedParams {

    private TypedParams() {
    }

    /** virTypedParamsSerialize: each parameter as a {@code remote_typed_param} of its type's arm. */
    public static List<Object> toWire(List<TypedParameter> params) {
        List<Object> wire = new ArrayList<>(params.size());
        for (TypedParameter p : params) {
            Object v = p.type() == TypedParameter.Type.BOOLEAN ? ((Boolean) p.value() ? 1 : 0) : p.value();
            wire.add(XdrStruct.of("remote_typed_param", "field", p.field(),
                "value", XdrStruct.of("remote_typed_param_value", "type", p.type().number(), arm(p.type()), v)));
        }
        return wire;
    }

    /**
     * virTypedParamsDeserialize: at most the procedure's maximum (the codec's bound), each field
     * fitting libvirt's fixed-size name ("Parameter %s too big for destination", the name shortened
     * in the message), each of a known type.
     */
    public static List<TypedParameter> fromWire(List<Object> wire) {
        List<TypedParameter> out = new ArrayList<>(wire.size());
        for (Object o : wire) {
            XdrStruct p = (XdrStruct) o;
            String field = p.getString("field");
            if (field.getBytes(StandardCharsets.UTF_8).length >= TypedParameter.FIELD_LENGTH) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE,
                    "Parameter " + field.substring(0, Math.min(field.length(), TypedParameter.FIELD_LENGTH))
                        + "... too big for destination");
            }
            XdrStruct v = p.getStruct("value");
            TypedParameter.Type t = TypedParameter.Type.of(v.getInt("type"));
            if (t == null) {
                throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC,
                    "Parameter " + field + " has an unexpected type " + v.getInt("type"));
            }
            Object value = v.get(arm(t));
            if (t == TypedParameter.Type.BOOLEAN) {
                value = ((Integer) value) != 0;
            }
            out.add(new TypedParameter(field, t, value));
        }
        return out;
    }

    /** The arm of remote_typed_param_value for each VIR_TYPED_PARAM_* type. */
    private static String arm(TypedParameter.Type t) {
        return switch (t) {
            case INT -> "i";
            case UINT -> "ui";
            case LLONG -> "l";
            case ULLONG -> "ul";
            case DOUBLE -> "d";
            case BOOLEAN -> "b";
            case STRING -> "s";
        };
    }
}
