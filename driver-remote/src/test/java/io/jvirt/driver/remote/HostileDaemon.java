package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.function.Executable;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * A daemon that breaks the rules, for the hostile-reply tests: a {@link ScriptedPeer} that lets a
 * client open a connection and look up a domain "x", then answers the procedures under test with
 * replies written by hand in XDR ({@link Xdr}), and the check that a reply is refused as libvirt's
 * remote driver refuses it (VIR_ERR_RPC).
 */
final class HostileDaemon {

    /** The uuid of the domain "x" the daemon knows. */
    static final UUID UUID_X = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");

    private HostileDaemon() {
    }

    /** XDR by hand: what a server that breaks the rules sends. */
    static final class Xdr {
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

    /** A reply's payload, written by {@code body}. */
    static byte[] build(Xdr.Body body) {
        try {
            Xdr x = new Xdr();
            body.write(x);
            return x.done();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A daemon on a new socket in {@code dir}, without auth, with a domain "x" and {@code replies}
     * (by procedure number; any other procedure gets no answer); {@code check} runs on its "x"
     * through jvirt's remote driver.
     */
    static void against(Path dir, Map<Integer, byte[]> replies, Consumer<Domain> check) throws Exception {
        Path socket = dir.resolve("sock-" + System.nanoTime());
        byte[] domain = build(x -> x.s("x").uuid(UUID_X).i(1));
        try (ScriptedPeer peer = new ScriptedPeer(socket, p -> switch (p) {
            case 66 -> ScriptedPeer.ints(1, 0);
            case 60 -> ScriptedPeer.ints(0);
            case 1, 2 -> new byte[0];
            case 23 -> domain;
            default -> replies.getOrDefault(p, null);
        })) {
            RemoteSettings s = new RemoteSettings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO, 0);
            try (Connection c = StandaloneConnector.create(null, new RemoteDriver(s)).open("test+unix:///default?socket=" + socket)) {
                check.accept(c.lookupByName("x"));
            }
        }
    }

    /** {@code call} fails with VIR_ERR_RPC and a message containing {@code words}. */
    static void rpcError(Executable call, String words) {
        VirtException e = assertThrows(VirtException.class, call);
        assertEquals(ErrorCode.RPC, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }
}
