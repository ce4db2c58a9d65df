package io.jvirt.core.kit.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The protocol layer against the facts measured on the wire (shared/notes/libvirt-rpc.md). */
class RpcCodecTest {

    private static final ProtocolDescription P = ProtocolDescription.libvirt();
    private static final Program REMOTE = P.program("REMOTE");
    private static final UUID U = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    private static XdrStruct dom(String name, int id) {
        return XdrStruct.of("nonnull_domain", "name", name, "uuid", U, "id", id);
    }

    @Test
    void theDescriptionNamesLibvirtsProgramsAndNumbers() {
        assertEquals(0x20008086, REMOTE.number());
        assertEquals(1, REMOTE.version());
        assertEquals(0x6b656570, P.program("KEEPALIVE").number());
        assertEquals("DOMAIN_LOOKUP_BY_NAME", REMOTE.procedure(23).name());
        assertEquals(273, REMOTE.procedure("CONNECT_LIST_ALL_DOMAINS").number());
        assertTrue(REMOTE.procedure(318).event());
        assertEquals(P.program(0x20008086), REMOTE);
        assertNull(REMOTE.procedure(9999));
        // known by number and name, structures not described (yet): nothing can be coded for it
        assertEquals("DOMAIN_GET_VCPUS", REMOTE.procedure(20).name());
        assertTrue(!REMOTE.procedure(20).described() && REMOTE.procedure(23).described());
        assertThrows(RpcProtocolException.class, () -> REMOTE.procedure(20).decodeArgs(new byte[8]));
        // every procedure of libvirt 9.0, 1..443, is known
        for (int n = 1; n <= 443; n++) {
            assertTrue(REMOTE.procedure(n) != null, "procedure " + n);
        }
    }

    /** remote_typed_param: the field, the union's discriminant (VIR_TYPED_PARAM_*), then only the chosen arm. */
    @Test
    void typedParametersAreTheFieldTheTypeAndTheArm() {
        Procedure set = REMOTE.procedure("DOMAIN_SET_SCHEDULER_PARAMETERS_FLAGS");
        XdrStruct weight = XdrStruct.of("remote_typed_param", "field", "weight",
            "value", XdrStruct.of("remote_typed_param_value", "type", 2, "ui", 50));
        XdrStruct cap = XdrStruct.of("remote_typed_param", "field", "cap",
            "value", XdrStruct.of("remote_typed_param_value", "type", 4, "ul", 1L << 40));
        XdrStruct args = XdrStruct.of("domain_set_scheduler_parameters_flags_args", "dom", dom("d", 1),
            "params", List.of(weight, cap), "flags", 0);
        byte[] b = set.encodeArgs(args);
        byte[] params = java.util.Arrays.copyOfRange(b, 4 + 4 + 16 + 4, b.length);
        assertArrayEquals(hex("00000002 00000006 77656967 68740000 00000002 00000032"
            + " 00000003 63617000 00000004 00000100 00000000 00000000"), params);
        assertEquals(args, set.decodeArgs(b));
        // a type libvirt does not have (here 9) is refused both ways, as xdr_remote_typed_param_value refuses it
        byte[] bad = b.clone();
        bad[4 + 4 + 16 + 4 + 4 + 4 + 8 + 3] = 9;
        assertThrows(RpcProtocolException.class, () -> set.decodeArgs(bad));
        assertThrows(RpcProtocolException.class, () -> set.encodeArgs(XdrStruct.of("x", "dom", dom("d", 1), "params",
            List.of(XdrStruct.of("remote_typed_param", "field", "w", "value", XdrStruct.of("v", "type", 9, "i", 1))), "flags", 0)));
    }

    @Test
    void aCallFrameIsByteExact() {
        RpcMessage m = new RpcMessage(REMOTE.call(REMOTE.procedure("AUTH_LIST"), 0), new byte[0]);
        assertArrayEquals(hex("0000001c 20008086 00000001 00000042 00000000 00000000 00000000"), RpcFraming.encode(m));
    }

    @Test
    void aKeepalivePingIsByteExact() {
        Program ka = P.program("KEEPALIVE");
        RpcMessage ping = new RpcMessage(ka.message(ka.procedure("PING")), new byte[0]);
        assertArrayEquals(hex("0000001c 6b656570 00000001 00000001 00000002 00000000 00000000"), RpcFraming.encode(ping));
    }

    @Test
    void nodeInfoTakesFourBytesPerModelCharacter() {
        XdrStruct ret = XdrStruct.of("node_get_info_ret", "model", "x86_64", "memory", 8388608L, "cpus", 4, "mhz", 2400,
            "nodes", 1, "sockets", 1, "cores", 4, "threads", 1);
        byte[] b = REMOTE.procedure("NODE_GET_INFO").encodeRet(ret);
        assertEquals(160, b.length, "node_get_info_ret is 160 bytes against the real libvirtd");
        assertArrayEquals(hex("00000078 00000038 00000036 0000005f 00000036 00000034 00000000"), java.util.Arrays.copyOf(b, 28));
        assertEquals(ret, REMOTE.procedure("NODE_GET_INFO").decodeRet(b));
    }

    @Test
    void domainInfoIsThirtyTwoBytes() {
        XdrStruct ret = XdrStruct.of("domain_get_info_ret", "state", 1, "maxMem", 8388608L, "memory", 2097152L,
            "nrVirtCpu", 2, "cpuTime", 1234567890123L);
        byte[] b = REMOTE.procedure("DOMAIN_GET_INFO").encodeRet(ret);
        assertArrayEquals(hex("00000001 00000000 00800000 00000000 00200000 00000002 0000011f 71fb04cb"), b);
        assertEquals(ret, REMOTE.procedure("DOMAIN_GET_INFO").decodeRet(b));
    }

    @Test
    void aDomainIsNameUuidWithoutLengthAndId() {
        byte[] b = REMOTE.procedure("DOMAIN_LOOKUP_BY_NAME").encodeRet(XdrStruct.of("r", "dom", dom("test", 1)));
        assertArrayEquals(hex("00000004 74657374 6695eb01f6a4830479aa97f2502e193f 00000001"), b);
    }

    @Test
    void optionalValuesAreAFlag() {
        Procedure open = REMOTE.procedure("CONNECT_OPEN");
        assertArrayEquals(hex("00000000 00000000"), open.encodeArgs(XdrStruct.of("a", "name", null, "flags", 0)));
        byte[] b = open.encodeArgs(XdrStruct.of("a", "name", "test:///default", "flags", 1));
        assertArrayEquals(hex("00000001 0000000f 746573743a2f2f2f64656661756c7400 00000001"), b);
        XdrStruct back = open.decodeArgs(b);
        assertEquals("test:///default", back.getString("name"));
        assertEquals(1, back.getUnsignedInt("flags"));
    }

    @Test
    void anErrorHasLibvirtsLayout() {
        RemoteError e = new RemoteError(42, 10, "Domain not found", 2);
        byte[] b = e.encode();
        // code, domain, message (flag, length, bytes), level, dom NULL, str1..3 NULL, int1, int2, net NULL
        assertArrayEquals(hex("0000002a 0000000a 00000001 00000010 446f6d61696e206e6f7420666f756e64 00000002"
            + " 00000000 00000000 00000000 00000000 00000000 00000000 00000000"), b);
        assertEquals(e, RemoteError.decode(b));
    }

    @Test
    void listAllDomainsRoundTrips() {
        Procedure p = REMOTE.procedure("CONNECT_LIST_ALL_DOMAINS");
        XdrStruct ret = XdrStruct.of("r", "domains", List.of(dom("test", 1), dom("other", -1)), "ret", 2);
        XdrStruct back = p.decodeRet(p.encodeRet(ret));
        assertEquals(2, back.getList("domains").size());
        assertEquals("other", ((XdrStruct) back.getList("domains").get(1)).getString("name"));
        assertEquals(-1, ((XdrStruct) back.getList("domains").get(1)).getInt("id"));
        assertEquals(U, ((XdrStruct) back.getList("domains").get(0)).getUuid("uuid"));
    }

    @Test
    void aLifecycleEventRoundTrips() {
        Procedure p = REMOTE.procedure("DOMAIN_EVENT_CALLBACK_LIFECYCLE");
        XdrStruct msg = XdrStruct.of("m", "callbackID", 3, "msg",
            XdrStruct.of("domain_event_lifecycle_msg", "dom", dom("test", 1), "event", 2, "detail", 0));
        XdrStruct back = p.decodeArgs(p.encodeArgs(msg));
        assertEquals(3, back.getInt("callbackID"));
        assertEquals(2, back.getStruct("msg").getInt("event"));
    }

    @Test
    void framesRoundTripThroughAStream() throws Exception {
        Procedure p = REMOTE.procedure("DOMAIN_GET_XML_DESC");
        RpcMessage m = new RpcMessage(REMOTE.call(p, 7), p.encodeArgs(XdrStruct.of("a", "dom", dom("test", 1), "flags", 0)));
        byte[] both = concat(RpcFraming.encode(m), RpcFraming.encode(m));
        ByteArrayInputStream in = new ByteArrayInputStream(both);
        for (int i = 0; i < 2; i++) {
            RpcMessage back = RpcFraming.read(in, RpcLimits.MAX_MESSAGE);
            assertEquals(m.header(), back.header());
            assertEquals("test", p.decodeArgs(back.payload()).getStruct("dom").getString("name"));
        }
        assertNull(RpcFraming.read(in, RpcLimits.MAX_MESSAGE), "a clean end of stream");
    }

    // ---- every cap refused ----

    @Test
    void aFrameOverTheCapIsRefusedBeforeItsBodyIsRead() {
        // a length word of 32 MiB + 1 and nothing else: refused from the length alone
        byte[] huge = hex("02000001");
        RpcProtocolException e = assertThrows(RpcProtocolException.class,
            () -> RpcFraming.read(new ByteArrayInputStream(huge), RpcLimits.MAX_MESSAGE));
        assertEquals("frame length 33554433 exceeds the maximum of 33554432 bytes", e.getMessage());
        // the largest u32 ("negative" as an int)
        e = assertThrows(RpcProtocolException.class,
            () -> RpcFraming.read(new ByteArrayInputStream(hex("ffffffff")), RpcLimits.MAX_MESSAGE));
        assertEquals("frame length 4294967295 exceeds the maximum of 33554432 bytes", e.getMessage());
        // a server's own, lower cap
        assertThrows(RpcProtocolException.class,
            () -> RpcFraming.read(new ByteArrayInputStream(hex("00010001")), 65536));
    }

    @Test
    void aFrameShorterThanItsHeaderIsRefused() {
        RpcProtocolException e = assertThrows(RpcProtocolException.class,
            () -> RpcFraming.read(new ByteArrayInputStream(hex("0000001b")), RpcLimits.MAX_MESSAGE));
        assertEquals("frame length 27 is shorter than the header", e.getMessage());
    }

    @Test
    void aTruncatedFrameIsAnEndOfStream() {
        byte[] frame = RpcFraming.encode(new RpcMessage(REMOTE.call(REMOTE.procedure("AUTH_LIST"), 1), new byte[8]));
        for (int cut : new int[] {2, 4, 20, frame.length - 1}) {
            byte[] part = java.util.Arrays.copyOf(frame, cut);
            assertThrows(EOFException.class, () -> RpcFraming.read(new ByteArrayInputStream(part), RpcLimits.MAX_MESSAGE),
                "cut at " + cut);
        }
    }

    @Test
    void anUnknownTypeOrStatusIsRefused() {
        assertThrows(RpcProtocolException.class, () -> RpcFraming.decodeBody(hex("20008086 00000001 00000001 00000009 00000000 00000000")));
        assertThrows(RpcProtocolException.class, () -> RpcFraming.decodeBody(hex("20008086 00000001 00000001 00000000 00000000 00000003")));
    }

    @Test
    void aStringOverTheCapIsRefusedWithoutAllocating() {
        Procedure p = REMOTE.procedure("DOMAIN_LOOKUP_BY_NAME");
        // a name of 4 MiB + 1 bytes claimed by a 4-byte payload
        RpcProtocolException e = assertThrows(RpcProtocolException.class, () -> p.decodeArgs(hex("00400001")));
        assertEquals("string length 4194305 exceeds the maximum of 4194304", e.getMessage());
        // negative (>= 2^31) lengths
        e = assertThrows(RpcProtocolException.class, () -> p.decodeArgs(hex("80000000")));
        assertEquals("string length 2147483648 exceeds the maximum of 4194304", e.getMessage());
        // under the cap but longer than the data
        e = assertThrows(RpcProtocolException.class, () -> p.decodeArgs(hex("00100000 41414141")));
        assertTrue(e.getMessage().startsWith("truncated XDR data"), e.getMessage());
        // and on the way out
        assertThrows(RpcProtocolException.class,
            () -> p.encodeArgs(XdrStruct.of("a", "name", "x".repeat(RpcLimits.MAX_STRING + 1))));
    }

    @Test
    void anArrayOverItsMaximumIsRefusedWithoutAllocating() {
        Procedure auth = REMOTE.procedure("AUTH_LIST");
        RpcProtocolException e = assertThrows(RpcProtocolException.class, () -> auth.decodeRet(hex("00000015")));
        assertEquals("variable array length 21 exceeds the maximum of 20", e.getMessage());
        Procedure all = REMOTE.procedure("CONNECT_LIST_ALL_DOMAINS");
        e = assertThrows(RpcProtocolException.class, () -> all.decodeRet(hex("00004001")));
        assertEquals("variable array length 16385 exceeds the maximum of 16384", e.getMessage());
        // 16384 domains claimed by a 4-byte payload: refused before a list is sized
        e = assertThrows(RpcProtocolException.class, () -> all.decodeRet(hex("00004000")));
        assertTrue(e.getMessage().startsWith("truncated XDR data: variable array of 16384"), e.getMessage());
        List<Object> many = java.util.Collections.nCopies(16385, dom("d", -1));
        assertThrows(RpcProtocolException.class, () -> all.encodeRet(XdrStruct.of("r", "domains", many, "ret", 0)));
    }

    @Test
    void aBoolOtherThanZeroOrOneAndAMissingFieldAreRefused() {
        Procedure open = REMOTE.procedure("CONNECT_OPEN");
        assertThrows(RpcProtocolException.class, () -> open.decodeArgs(hex("00000002 00000000")));
        assertThrows(RpcProtocolException.class, () -> open.encodeArgs(XdrStruct.of("a", "name", "x")));
        assertThrows(RpcProtocolException.class, () -> open.encodeArgs(XdrStruct.of("a", "name", 5, "flags", 0)));
    }

    @Test
    void aMessageOverTheCapCannotBeBuilt() {
        assertThrows(RpcProtocolException.class,
            () -> new RpcMessage(REMOTE.call(REMOTE.procedure("AUTH_LIST"), 1), new byte[RpcLimits.MAX_MESSAGE]));
    }

    @Test
    void aBadDescriptionFailsWhenItLoads() {
        assertThrows(IllegalArgumentException.class, () -> ProtocolDescription.parse("struct a { nosuch x }"));
        assertThrows(IllegalArgumentException.class, () -> ProtocolDescription.parse("proc 1 X void void"));
        assertThrows(IllegalArgumentException.class,
            () -> ProtocolDescription.parse("program P 1 1\nproc 1 X void void\nproc 1 Y void void"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
