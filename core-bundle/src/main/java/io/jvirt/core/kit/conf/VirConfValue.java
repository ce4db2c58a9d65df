package io.jvirt.core.kit.conf;

import java.util.List;
import java.util.Objects;

/**
 * One value of a {@link VirConf} entry, as libvirt's {@code virConfValue}: a number (libvirt's
 * VIR_CONF_LLONG when written with a '-', else VIR_CONF_ULLONG), a string, or a list of values.
 */
public sealed interface VirConfValue {

    /** A number; {@code signed} is libvirt's VIR_CONF_LLONG (read with a leading '-', or set as such). */
    record Number(long value, boolean signed) implements VirConfValue {
    }

    /** A string (never null). */
    record Str(String value) implements VirConfValue {
        public Str {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A list of values (immutable). */
    record ListValue(List<VirConfValue> values) implements VirConfValue {
        public ListValue {
            values = List.copyOf(values);
        }
    }

    static VirConfValue of(String s) {
        return new Str(s);
    }

    static VirConfValue of(long n) {
        return new Number(n, true);
    }

    static VirConfValue ofStrings(List<String> strings) {
        return new ListValue(strings.stream().map(VirConfValue::of).toList());
    }

    /** libvirt's type name, for messages ("long", "unsigned long", "string", "list"). */
    default String typeName() {
        if (this instanceof Number n) {
            return n.signed() ? "long" : "unsigned long";
        }
        return this instanceof Str ? "string" : "list";
    }
}
