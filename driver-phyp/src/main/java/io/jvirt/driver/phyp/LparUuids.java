package io.jvirt.driver.phyp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * LPARs have no UUID on an HMC or IVM (libvirt's phyp driver kept a table of random ones on the
 * HMC, copied back and forth by SCP). jvirt computes them instead, so every client finds the same
 * UUID with nothing stored anywhere: a name-based UUID (RFC 4122 version 5, SHA-1) in the
 * namespace {@link #NAMESPACE} of the name {@code "TYPE_MODEL*SERIAL/LPAR_ID"}, where
 * TYPE_MODEL and SERIAL are the managed system's {@code type_model} and {@code serial_num}
 * ({@code lssyscfg -r sys}: the machine's worldwide identity, unlike its renamable name) and
 * LPAR_ID the partition id. So an LPAR keeps its UUID when renamed, and two machines' LPARs never
 * share one; an LPAR removed and another made with the same id on the same machine get the same
 * UUID, as their ids are the same too.
 */
final class LparUuids {

    /** The namespace: {@code UUIDv5(RFC 4122's URL namespace, "urn:jvirt:phyp:lpar")}. */
    static final UUID NAMESPACE = v5(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), "urn:jvirt:phyp:lpar");

    private final String machine;

    /** @param typeModel the system's type_model (e.g. 8233-E8B) @param serial its serial_num */
    LparUuids(String typeModel, String serial) {
        this.machine = typeModel + "*" + serial;
    }

    /** The machine identity, "TYPE_MODEL*SERIAL". */
    String machine() {
        return machine;
    }

    UUID of(int lparId) {
        return v5(NAMESPACE, machine + "/" + lparId);
    }

    static UUID v5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
