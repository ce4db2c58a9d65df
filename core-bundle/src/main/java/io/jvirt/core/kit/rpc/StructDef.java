package io.jvirt.core.kit.rpc;

import java.util.List;

/** A structure of the protocol description: its name and its fields in wire order. */
public record StructDef(String name, List<Field> fields) {

    /** One field: its name and type. */
    public record Field(String name, XdrType type) {
    }

    public StructDef {
        fields = List.copyOf(fields);
    }

    /** Writes a value field by field; a missing field (other than an optional one) or a value of the wrong kind is refused. */
    public void write(XdrWriter out, XdrStruct value) {
        if (value == null) {
            throw new RpcProtocolException("no value for struct " + name);
        }
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            Object v = value.get(i, f.name());
            if (v == null && !(f.type() instanceof XdrType.OptionalType)) {
                throw new RpcProtocolException("struct " + name + " lacks field " + f.name());
            }
            try {
                f.type().write(out, v);
            } catch (ClassCastException e) {
                throw new RpcProtocolException("struct " + name + " field " + f.name() + " has the wrong kind of value: "
                    + v.getClass().getSimpleName(), e);
            }
        }
    }

    public XdrStruct read(XdrReader in) {
        XdrStruct s = new XdrStruct(name);
        for (Field f : fields) {
            s.put(f.name(), f.type().read(in));
        }
        return s;
    }

    int minSize() {
        int n = 0;
        for (Field f : fields) {
            n += f.type().minSize();
        }
        return n;
    }

    /** This structure's XDR bytes. */
    public byte[] encode(XdrStruct value) {
        XdrWriter out = new XdrWriter();
        write(out, value);
        return out.toByteArray();
    }

    /** Decodes a payload; bytes after the structure are ignored, as libvirt's xdr decoding does. */
    public XdrStruct decode(byte[] payload) {
        return read(new XdrReader(payload));
    }
}
