package io.jvirt.core.kit.rpc;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The value of a structure: its fields by name (see {@link XdrType} for the Java types), in the order
 * they were first put. Kept as two small arrays, searched in order: a structure has a handful of
 * fields, and a listing's reply has one structure per domain (a hash map each was most of a
 * listing's allocations, bench scenario 6).
 */
public final class XdrStruct {

    private final String name;
    private String[] names;
    private Object[] values;
    private int size;

    public XdrStruct(String name) {
        this(name, 4);
    }

    private XdrStruct(String name, int capacity) {
        this.name = name;
        this.names = new String[capacity];
        this.values = new Object[capacity];
    }

    /** A value from name/value pairs: {@code XdrStruct.of("domain", "name", "test", "id", 1)}. */
    public static XdrStruct of(String name, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        XdrStruct s = new XdrStruct(name, Math.max(1, namesAndValues.length / 2));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            s.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return s;
    }

    public String name() {
        return name;
    }

    /** Sets a field; a field put again keeps its place. */
    public XdrStruct put(String field, Object value) {
        int i = indexOf(field);
        if (i >= 0) {
            values[i] = value;
            return this;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = field;
        values[size] = value;
        size++;
        return this;
    }

    private int indexOf(String field) {
        for (int i = 0; i < size; i++) {
            String n = names[i];
            if (n == field || n.equals(field)) {
                return i;
            }
        }
        return -1;
    }

    public Object get(String field) {
        int i = indexOf(field);
        return i < 0 ? null : values[i];
    }

    /** The field {@code field}, looked for first at {@code index} (where a value built in wire order has it). */
    Object get(int index, String field) {
        if (index < size) {
            String n = names[index];
            if (n == field || n.equals(field)) {
                return values[index];
            }
        }
        return get(field);
    }

    /** The fields by name, in the order they were first put (a copy, unmodifiable). */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            m.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    private <T> T typed(String field, Class<T> type) {
        Object v = get(field);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw new RpcProtocolException("field " + field + " of " + name + " is a " + v.getClass().getSimpleName()
                + ", not a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    public int getInt(String field) {
        return Objects.requireNonNull(typed(field, Integer.class), field);
    }

    /** An unsigned int field as its value. */
    public long getUnsignedInt(String field) {
        return getInt(field) & 0xffffffffL;
    }

    public long getLong(String field) {
        return Objects.requireNonNull(typed(field, Long.class), field);
    }

    public boolean getBool(String field) {
        return Objects.requireNonNull(typed(field, Boolean.class), field);
    }

    /** A string field; null for an absent optional one. */
    public String getString(String field) {
        return typed(field, String.class);
    }

    public UUID getUuid(String field) {
        return typed(field, UUID.class);
    }

    public byte[] getBytes(String field) {
        return typed(field, byte[].class);
    }

    /** A structure field; null for an absent optional one. */
    public XdrStruct getStruct(String field) {
        return typed(field, XdrStruct.class);
    }

    @SuppressWarnings("unchecked")
    public List<Object> getList(String field) {
        return typed(field, List.class);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof XdrStruct other) || !name.equals(other.name) || size != other.size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            int j = other.indexOf(names[i]);
            if (j < 0) {
                return false;
            }
            Object a = values[i];
            Object b = other.values[j];
            if (a instanceof byte[] ab && b instanceof byte[] bb ? !java.util.Arrays.equals(ab, bb) : !Objects.equals(a, b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name + fields();
    }
}
