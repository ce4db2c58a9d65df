package io.jvirt.core.kit.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** A structure's value: fields in the order first put, looked up by name, compared by content. */
class XdrStructTest {

    private static final ProtocolDescription P = ProtocolDescription.libvirt();

    @Test
    void fieldsKeepTheOrderTheyWereFirstPut() {
        XdrStruct s = new XdrStruct("s");
        for (int i = 0; i < 10; i++) { // past the first arrays' size
            s.put("f" + i, i);
        }
        s.put("f3", 33).put("f0", null);
        assertEquals("s{f0=null, f1=1, f2=2, f3=33, f4=4, f5=5, f6=6, f7=7, f8=8, f9=9}", s.toString());
        assertEquals(33, s.getInt("f3"));
        assertNull(s.get("f0"));
        assertNull(s.get("nosuch"));
        assertEquals(List.of("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"), new ArrayList<>(s.fields().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> s.fields().put("x", 1));
    }

    @Test
    void equalityIsByNameAndContentNotOrder() {
        UUID u = UUID.randomUUID();
        XdrStruct a = XdrStruct.of("d", "name", "x", "uuid", u, "bytes", new byte[] {1, 2});
        XdrStruct b = XdrStruct.of("d", "bytes", new byte[] {1, 2}, "uuid", u, "name", "x");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, XdrStruct.of("d", "name", "x", "uuid", u));
        assertNotEquals(a, XdrStruct.of("d", "name", "x", "uuid", u, "other", new byte[] {1, 2}));
        assertNotEquals(a, XdrStruct.of("e", "name", "x", "uuid", u, "bytes", new byte[] {1, 2}));
    }

    /** A value built in another order than the wire's encodes the same bytes. */
    @Test
    void anyOrderEncodesInWireOrder() {
        StructDef dom = P.struct("nonnull_domain");
        UUID u = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
        byte[] wire = dom.encode(XdrStruct.of("d", "name", "test", "uuid", u, "id", 7));
        assertArrayEquals(wire, dom.encode(XdrStruct.of("d", "id", 7, "uuid", u, "name", "test")));
        assertArrayEquals(new byte[] {0, 0, 0, 4, 't', 'e', 's', 't', 0x66, (byte) 0x95, (byte) 0xeb, 1, (byte) 0xf6, (byte) 0xa4,
            (byte) 0x83, 4, 0x79, (byte) 0xaa, (byte) 0x97, (byte) 0xf2, 0x50, 0x2e, 0x19, 0x3f, 0, 0, 0, 7}, wire);
        assertEquals(XdrStruct.of("d", "name", "test", "uuid", u, "id", 7).fields(), dom.decode(wire).fields());
        assertThrows(RpcProtocolException.class, () -> dom.encode(XdrStruct.of("d", "name", "test", "id", 7)));
    }
}
