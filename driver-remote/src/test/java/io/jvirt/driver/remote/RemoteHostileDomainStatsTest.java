package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * A hostile far side's replies to the domain statistics, I/O thread, blkio and CPU statistics
 * calls: counts past the protocol's caps or past what was asked, strides that do not divide.
 * Each is a VirtException with libvirt's code (VIR_ERR_RPC), never another exception and never an
 * allocation of what the reply claims.
 */
class RemoteHostileDomainStatsTest {

    @TempDir
    Path tmp;

    /** XDR by hand: what a server that breaks the rules sends. */
    private static final class Xdr {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Xdr i(int... values) throws IOException {
            for (int v : values) {
                out.writeInt(v);
            }
            return this;
        }

        Xdr h(long v) throws IOException {
            out.writeLong(v);
            return this;
        }

        Xdr s(String v) throws IOException {
            return o(v.getBytes(StandardCharsets.UTF_8));
        }

        Xdr o(byte[] b) throws IOException {
            out.writeInt(b.length);
            out.write(b);
            out.write(new byte[(4 - b.length % 4) % 4]);
            return this;
        }

        Xdr uuid(UUID u) throws IOException {
            out.writeLong(u.getMostSignificantBits());
            out.writeLong(u.getLeastSignificantBits());
            return this;
        }

        byte[] done() {
            return bytes.toByteArray();
        }

        interface Body {
            void write(Xdr x) throws IOException;
        }
    }

    private static final UUID UUID_X = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");

    private static byte[] build(Xdr.Body body) {
        try {
            Xdr x = new Xdr();
            body.write(x);
            return x.done();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The set-up of a daemon without auth, a domain "x", and the replies under test. */
    private void against(Map<Integer, byte[]> replies, Consumer<Domain> check) throws Exception {
        Path socket = tmp.resolve("sock-" + System.nanoTime());
        byte[] domain = build(x -> x.s("x").uuid(UUID_X).i(1));
        try (ScriptedPeer peer = new ScriptedPeer(socket, p -> switch (p) {
            case 66 -> ScriptedPeer.ints(1, 0);
            case 60 -> ScriptedPeer.ints(0);
            case 1, 2 -> new byte[0];
            case 23 -> domain;
            default -> replies.getOrDefault(p, null);
        })) {
            RemoteSettings s = new RemoteSettings(java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(10),
                java.time.Duration.ZERO, 0);
            try (Connection c = StandaloneConnector.create(null, new RemoteDriver(s)).open("test+unix:///default?socket=" + socket)) {
                check.accept(c.lookupByName("x"));
            }
        }
    }

    private static void rpcError(Executable call, String words) {
        VirtException e = assertThrows(VirtException.class, call);
        assertEquals(ErrorCode.RPC, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void moreStatsRecordsThanTheProtocolAllows() throws Exception {
        against(Map.of(344, ScriptedPeer.ints(100_000)),
            d -> rpcError(() -> d.connection().allDomainStats(java.util.Set.of()), "decode"));
    }

    @Test
    void aStatsRecordWithMoreParametersThanTheProtocolAllows() throws Exception {
        against(Map.of(344, build(x -> x.i(1).s("x").uuid(UUID_X).i(1).i(5000))),
            d -> rpcError(() -> d.connection().allDomainStats(java.util.Set.of()), "decode"));
    }

    @Test
    void aStatsRecordIsReadBack() throws Exception {
        against(Map.of(344, build(x -> x.i(1).s("x").uuid(UUID_X).i(1).i(1).s("state.state").i(1, 1))), d -> {
            var r = d.connection().allDomainStats(java.util.Set.of());
            assertEquals(1, r.size());
            assertEquals("x", r.get(0).domain().name());
            assertEquals(java.util.List.of(new io.jvirt.api.TypedParameter("state.state", io.jvirt.api.TypedParameter.Type.INT, 1)),
                r.get(0).params());
        });
    }

    @Test
    void moreIoThreadsThanTheProtocolAllowsOrALongerMap() throws Exception {
        against(Map.of(351, ScriptedPeer.ints(20_000)), d -> rpcError(d::ioThreadInfo, "decode"));
        against(Map.of(351, build(x -> x.i(1).i(1).i(4096))), d -> rpcError(d::ioThreadInfo, "decode"));
    }

    @Test
    void aBlkioCountPastTheProtocolsCapOrMoreParametersThanCounted() throws Exception {
        against(Map.of(206, build(x -> x.i(0).i(1000))), d -> rpcError(d::blkioParameters, "more than the protocol's 16"));
        against(Map.of(206, build(x -> x.i(0).i(-3))), d -> rpcError(d::blkioParameters, "more than the protocol's 16"));
    }

    @Test
    void cpuStatisticsCountsAndStridesAreChecked() throws Exception {
        // the count of the total's parameters past the protocol's cap
        against(Map.of(262, build(x -> x.i(0).i(99))), d -> rpcError(d::cpuStatsTotal, "more than the protocol's 16"));
        // more values than the 2 per CPU asked for
        against(Map.of(262, build(x -> {
            x.i(3);
            for (int i = 0; i < 3; i++) {
                x.s("cpu_time").i(4).h(1);
            }
            x.i(2);
        })), d -> rpcError(() -> d.cpuStats(0, 1), "returned number of stats exceeds limit"));
        // a negative CPU count
        against(Map.of(262, build(x -> x.i(0).i(-1))), d -> rpcError(d::cpuStatsCpuCount, "negative number of CPUs"));
    }
}
