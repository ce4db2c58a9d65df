package io.jvirt.core.kit.rpc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** The value of a structure: its fields by name (see {@link XdrType} for the Java types). */
public final class XdrStruct {

    private final String name;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public XdrStruct(String name) {
        this.name = name;
    }

    /** A value from name/value pairs: {@code XdrStruct.of("domain", "name", "test", "id", 1)}. */
    public static XdrStruct of(String name, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        XdrStruct s = new XdrStruct(name);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            s.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return s;
    }

    public String name() {
        return name;
    }

    public XdrStruct put(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    public Object get(String field) {
        return fields.get(field);
    }

    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    private <T> T typed(String field, Class<T> type) {
        Object v = fields.get(field);
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
        if (!(o instanceof XdrStruct other) || !name.equals(other.name) || !fields.keySet().equals(other.fields.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Object a = e.getValue();
            Object b = other.fields.get(e.getKey());
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
        return name + fields;
    }
}
