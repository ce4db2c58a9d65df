package io.jvirt.api.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for domains defined without one, from the kernel's random source read
 * 1 KiB at a time per thread, as libvirt takes its UUIDs from the kernel (virRandomBytes). The JDK's
 * {@link UUID#randomUUID()} goes through one shared, locked {@code SecureRandom} per UUID (on Linux
 * NativePRNG: /dev/urandom mixed with SHA1PRNG, whose SHA-1 runs without intrinsics on the
 * distribution's C1-only JIT), about 5% of a define's worker time in the RPC bench (JFR). Where
 * /dev/urandom cannot be read, {@code UUID.randomUUID()} as before.
 */
final class RandomUuids {

    private static final Path URANDOM = Path.of("/dev/urandom");
    private static final int BATCH = 1024;
    private static final ThreadLocal<Batch> BATCHES = ThreadLocal.withInitial(Batch::new);
    private static volatile boolean unavailable;

    private RandomUuids() {
    }

    static UUID random() {
        return unavailable ? UUID.randomUUID() : BATCHES.get().next();
    }

    /** One thread's unread random bytes. */
    private static final class Batch {
        private final byte[] bytes = new byte[BATCH];
        private int pos = BATCH;

        UUID next() {
            if (pos + 16 > BATCH) {
                try (InputStream in = Files.newInputStream(URANDOM)) {
                    if (in.readNBytes(bytes, 0, BATCH) != BATCH) {
                        throw new IOException("short read");
                    }
                } catch (IOException | SecurityException | UnsupportedOperationException e) {
                    unavailable = true;
                    return UUID.randomUUID();
                }
                pos = 0;
            }
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = hi << 8 | bytes[pos + i] & 0xff;
                lo = lo << 8 | bytes[pos + 8 + i] & 0xff;
            }
            pos += 16;
            hi = hi & ~0xf000L | 0x4000L; // version 4
            lo = lo & 0x3fffffffffffffffL | 0x8000000000000000L; // the IETF variant
            return new UUID(hi, lo);
        }
    }
}
