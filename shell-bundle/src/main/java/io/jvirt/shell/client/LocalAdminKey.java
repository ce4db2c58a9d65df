package io.jvirt.shell.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * The key that lets the host's administrator (whoever can read {@code etc/}: root) use the console
 * through {@code bin/virt} without a password, as root uses virsh on libvirt's root-only socket:
 * {@code etc/jvirt-local.key} (RSA, PKCS#8, mode 0600), registered in Karaf's
 * {@code etc/keys.properties} for the local administrator {@value #USER} with the administrators'
 * group. Made at the first use by someone who may write {@code etc/}; never shipped, so no two
 * installations share it.
 */
final class LocalAdminKey {

    static final String USER = "karaf";
    static final String FILE = "jvirt-local.key";
    private static final String MARK = "# jvirt: bin/virt's local administrator key (etc/" + FILE + ", made at its first use)";

    private LocalAdminKey() {
    }

    /** The key pair, made and registered first when there is none yet. */
    static KeyPair ensure(Path etc) throws IOException {
        Path file = etc.resolve(FILE);
        KeyPair key;
        if (Files.exists(file)) {
            key = KeyFiles.readPem(file);
        } else {
            key = generate();
            KeyFiles.writePem(key, file);
        }
        register(etc.resolve("keys.properties"), KeyFiles.sshPublicKey(key.getPublic()));
        return key;
    }

    private static KeyPair generate() throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(3072);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make an RSA key: " + e.getMessage(), e);
        }
    }

    /** Adds {@code USER = blob,_g_:admingroup} unless keys.properties has that entry already. */
    static void register(Path keys, String blob) throws IOException {
        List<String> lines = Files.exists(keys) ? Files.readAllLines(keys, StandardCharsets.ISO_8859_1) : new ArrayList<>();
        String entry = USER + " = " + blob + ",_g_:admingroup";
        for (String l : lines) {
            String t = l.strip();
            if (t.equals(entry)) {
                return;
            }
            if (t.startsWith(USER + " ") || t.startsWith(USER + "=")) {
                throw new IOException(keys + " already has another key for '" + USER + "': remove it or set JVIRT_KEY");
            }
        }
        List<String> out = new ArrayList<>(lines);
        if (!out.contains("_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh")) {
            out.add("_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh");
        }
        out.add(MARK);
        out.add(entry);
        KeyFiles.writePrivate(keys, String.join("\n", out) + "\n");
    }
}
