package io.jvirt.core.kit.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A type of the protocol description and its XDR form: the one codec every procedure's arguments,
 * replies and events go through (no encoder per procedure). Java values: int-sized numbers as
 * Integer (unsigned ones as their bits), hypers as Long, bool as Boolean, strings and char arrays
 * as String, opaques as byte[], UUIDs as {@link UUID}, arrays as List, structures as
 * {@link XdrStruct}, an absent optional as null.
 */
public sealed interface XdrType {

    void write(XdrWriter out, Object value);

    Object read(XdrReader in);

    /** The fewest bytes one value takes on the wire (to refuse array counts the data cannot hold). */
    int minSize();

    /** The numbers of XDR; char, unsigned char, short and unsigned short take 4 bytes like int (xdr_char, xdr_u_short). */
    enum Primitive implements XdrType {
        INT, UINT, HYPER, UHYPER, BOOL, CHAR, UCHAR, SHORT, USHORT, DOUBLE;

        @Override
        public void write(XdrWriter out, Object value) {
            switch (this) {
                case HYPER, UHYPER -> out.writeHyper(((Number) value).longValue());
                case BOOL -> out.writeBool((Boolean) value);
                case DOUBLE -> out.writeDouble(((Number) value).doubleValue());
                case CHAR -> out.writeInt((byte) ((Number) value).intValue());
                case UCHAR -> out.writeInt(((Number) value).intValue() & 0xff);
                case SHORT -> out.writeInt((short) ((Number) value).intValue());
                case USHORT -> out.writeInt(((Number) value).intValue() & 0xffff);
                default -> out.writeInt(((Number) value).intValue());
            }
        }

        @Override
        public Object read(XdrReader in) {
            return switch (this) {
                case HYPER, UHYPER -> in.readHyper();
                case BOOL -> in.readBool();
                case DOUBLE -> in.readDouble();
                case CHAR -> (int) (byte) in.readInt();
                case UCHAR -> in.readInt() & 0xff;
                case SHORT -> (int) (short) in.readInt();
                case USHORT -> in.readInt() & 0xffff;
                default -> in.readInt();
            };
        }

        @Override
        public int minSize() {
            return this == HYPER || this == UHYPER || this == DOUBLE ? 8 : 4;
        }
    }

    /** {@code string<max>}. */
    record StringType(long max) implements XdrType {
        @Override
        public void write(XdrWriter out, Object value) {
            out.writeString((String) value, max);
        }

        @Override
        public Object read(XdrReader in) {
            return in.readString(max);
        }

        @Override
        public int minSize() {
            return 4;
        }
    }

    /** {@code opaque<max>}. */
    record OpaqueType(long max) implements XdrType {
        @Override
        public void write(XdrWriter out, Object value) {
            out.writeOpaque((byte[]) value, max);
        }

        @Override
        public Object read(XdrReader in) {
            return in.readOpaque(max);
        }

        @Override
        public int minSize() {
            return 4;
        }
    }

    /** {@code opaque[size]}: no length on the wire. */
    record FixedOpaqueType(int size) implements XdrType {
        @Override
        public void write(XdrWriter out, Object value) {
            byte[] b = (byte[]) value;
            if (b.length != size) {
                throw new RpcProtocolException("opaque[" + size + "] given " + b.length + " bytes");
            }
            out.writeFixedOpaque(b);
        }

        @Override
        public Object read(XdrReader in) {
            return in.readFixedOpaque(size);
        }

        @Override
        public int minSize() {
            return XdrReader.padded(size);
        }
    }

    /** {@code opaque uuid[VIR_UUID_BUFLEN]} as a {@link UUID}. */
    record UuidType() implements XdrType {
        @Override
        public void write(XdrWriter out, Object value) {
            out.writeUuid((UUID) value);
        }

        @Override
        public Object read(XdrReader in) {
            return in.readUuid();
        }

        @Override
        public int minSize() {
            return 16;
        }
    }

    /**
     * {@code char x[size]}: a NUL-padded text of at most size bytes, each byte an XDR char of 4 bytes
     * ({@code node_get_info_ret.model} is 128 bytes on the wire). Read up to its first NUL.
     */
    record CharArrayType(int size) implements XdrType {
        @Override
        public void write(XdrWriter out, Object value) {
            byte[] b = ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (b.length > size) {
                throw new RpcProtocolException("char[" + size + "] given " + b.length + " bytes");
            }
            for (int i = 0; i < size; i++) {
                out.writeInt(i < b.length ? b[i] : 0);
            }
        }

        @Override
        public Object read(XdrReader in) {
            byte[] b = new byte[size];
            int n = -1;
            for (int i = 0; i < size; i++) {
                b[i] = (byte) in.readInt();
                if (b[i] == 0 && n < 0) {
                    n = i;
                }
            }
            return new String(b, 0, n < 0 ? size : n, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public int minSize() {
            return 4 * size;
        }
    }

    /** {@code T x[size]}. */
    record FixedArrayType(XdrType element, int size) implements XdrType {
        @Override
        public void write(XdrWriter out, Object value) {
            List<?> list = (List<?>) value;
            if (list.size() != size) {
                throw new RpcProtocolException("array[" + size + "] given " + list.size() + " elements");
            }
            for (Object o : list) {
                element.write(out, o);
            }
        }

        @Override
        public Object read(XdrReader in) {
            return readElements(in, element, size);
        }

        @Override
        public int minSize() {
            return element.minSize() * size;
        }
    }

    /** {@code T x<max>}: a count, then the elements; a count over max is refused. */
    record VarArrayType(XdrType element, long max) implements XdrType {
        @Override
        public void write(XdrWriter out, Object value) {
            List<?> list = (List<?>) value;
            if (list.size() > max) {
                throw new RpcProtocolException("array of " + list.size() + " elements exceeds its maximum of " + max);
            }
            out.writeInt(list.size());
            out.reserve((long) list.size() * element.minSize()); // one growth for a long list, not one per doubling
            for (Object o : list) {
                element.write(out, o);
            }
        }

        @Override
        public Object read(XdrReader in) {
            int n = in.readCount(max, Math.max(1, element.minSize()), "variable");
            return readElements(in, element, n);
        }

        @Override
        public int minSize() {
            return 4;
        }
    }

    /** {@code T *x}: a 4-byte flag, then T when it is 1. */
    record OptionalType(XdrType element) implements XdrType {
        @Override
        public void write(XdrWriter out, Object value) {
            out.writeBool(value != null);
            if (value != null) {
                element.write(out, value);
            }
        }

        @Override
        public Object read(XdrReader in) {
            return in.readBool() ? element.read(in) : null;
        }

        @Override
        public int minSize() {
            return 4;
        }
    }

    /** A structure of the description, resolved by name when first used (structures may come in any order). */
    final class StructType implements XdrType {
        private final String name;
        private final Function<String, StructDef> resolver;
        private StructDef def;

        StructType(String name, Function<String, StructDef> resolver) {
            this.name = name;
            this.resolver = resolver;
        }

        public StructDef definition() {
            if (def == null) {
                def = resolver.apply(name);
            }
            return def;
        }

        @Override
        public void write(XdrWriter out, Object value) {
            definition().write(out, (XdrStruct) value);
        }

        @Override
        public Object read(XdrReader in) {
            return definition().read(in);
        }

        @Override
        public int minSize() {
            return definition().minSize();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * {@code union NAME switch (int DISC) { case N: T arm; ... }}: the discriminant, then the arm it
     * selects. The Java value is an {@link XdrStruct} named NAME with the discriminant under its
     * name and the chosen arm's value under the arm's name. A discriminant without an arm is
     * refused both ways (libvirt's unions have no default arm).
     */
    record UnionType(String name, String discriminant, java.util.Map<Integer, StructDef.Field> arms) implements XdrType {

        public UnionType {
            arms = java.util.Map.copyOf(arms);
        }

        @Override
        public void write(XdrWriter out, Object value) {
            XdrStruct v = (XdrStruct) value;
            Object d = v.get(discriminant);
            StructDef.Field arm = d instanceof Integer n ? arms.get(n) : null;
            if (arm == null) {
                throw new RpcProtocolException("union " + name + " has no arm for " + discriminant + " " + d);
            }
            Object armValue = v.get(arm.name());
            if (armValue == null && !(arm.type() instanceof OptionalType)) {
                throw new RpcProtocolException("union " + name + " lacks its arm " + arm.name());
            }
            out.writeInt((Integer) d);
            arm.type().write(out, armValue);
        }

        @Override
        public Object read(XdrReader in) {
            int d = in.readInt();
            StructDef.Field arm = arms.get(d);
            if (arm == null) {
                throw new RpcProtocolException("union " + name + " has no arm for " + discriminant + " " + d);
            }
            return XdrStruct.of(name, discriminant, d, arm.name(), arm.type().read(in));
        }

        @Override
        public int minSize() {
            int min = Integer.MAX_VALUE;
            for (StructDef.Field f : arms.values()) {
                min = Math.min(min, f.type().minSize());
            }
            return 4 + (arms.isEmpty() ? 0 : min);
        }
    }

    private static List<Object> readElements(XdrReader in, XdrType element, int n) {
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.read(in));
        }
        return list;
    }
}
