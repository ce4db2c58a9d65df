package io.jvirt.api;

import java.util.Objects;

/**
 * One named, typed value of libvirt's parameter lists ({@code virTypedParameter}): scheduler
 * parameters and the other tunables. The value's Java type follows the type: Integer for INT and
 * UINT (UINT's unsigned bits), Long for LLONG and ULLONG, Double, Boolean, String.
 *
 * @param field libvirt's field name, at most {@link #FIELD_LENGTH} - 1 bytes
 * @since 0.7.0
 */
public record TypedParameter(String field, Type type, Object value) {

    /** {@code VIR_TYPED_PARAM_FIELD_LENGTH}: a field name and its NUL fit in 80 bytes. */
    public static final int FIELD_LENGTH = 80;

    /** {@code virTypedParameterType}. */
    public enum Type {
        INT(1, Integer.class),
        UINT(2, Integer.class),
        LLONG(3, Long.class),
        ULLONG(4, Long.class),
        DOUBLE(5, Double.class),
        BOOLEAN(6, Boolean.class),
        STRING(7, String.class);

        private final int number;
        private final Class<?> javaType;

        Type(int number, Class<?> javaType) {
            this.number = number;
            this.javaType = javaType;
        }

        /** libvirt's value. */
        public int number() {
            return number;
        }

        /** The type of libvirt's number {@code n}, or null when there is none. */
        public static Type of(int n) {
            for (Type t : values()) {
                if (t.number == n) {
                    return t;
                }
            }
            return null;
        }
    }

    public TypedParameter {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (!type.javaType.isInstance(value)) {
            throw new IllegalArgumentException(type + " parameter '" + field + "' needs a " + type.javaType.getSimpleName()
                + ", not " + value.getClass().getSimpleName());
        }
    }

    public static TypedParameter ofUint(String field, int value) {
        return new TypedParameter(field, Type.UINT, value);
    }

    /** The value as text, as virsh prints it (unsigned types unsigned, booleans yes/no). */
    public String valueText() {
        return switch (type) {
            case UINT -> Integer.toUnsignedString((Integer) value);
            case ULLONG -> Long.toUnsignedString((Long) value);
            case DOUBLE -> String.format(java.util.Locale.ROOT, "%f", (Double) value);
            case BOOLEAN -> (Boolean) value ? "yes" : "no";
            default -> value.toString();
        };
    }
}
