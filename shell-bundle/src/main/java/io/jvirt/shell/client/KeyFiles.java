package io.jvirt.shell.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * RSA key pairs in the files Karaf and jvirt keep them in, with the JDK alone: PKCS#8 PEM
 * ("BEGIN PRIVATE KEY", as Karaf writes {@code etc/host.key}), the public half derived from the
 * private CRT key, and the OpenSSH public key blob {@code etc/keys.properties} holds.
 */
final class KeyFiles {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private KeyFiles() {
    }

    /** The RSA key pair of a PKCS#8 PEM file. */
    static KeyPair readPem(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int b = pem.indexOf(BEGIN);
        int e = pem.indexOf(END);
        if (b < 0 || e < b) {
            throw new IOException(file + ": not a PKCS#8 PEM private key");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(b + BEGIN.length(), e));
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            PublicKey pub = rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            return new KeyPair(pub, priv);
        } catch (GeneralSecurityException | ClassCastException ex) {
            throw new IOException(file + ": not an RSA private key", ex);
        }
    }

    /** Writes {@code key}'s private half as PKCS#8 PEM, mode 0600 from its creation, atomically. */
    static void writePem(KeyPair key, Path file) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPrivate().getEncoded());
        writePrivate(file, BEGIN + "\n" + body + "\n" + END + "\n");
    }

    /** Replaces {@code file} with {@code text}: a 0600 temp file beside it, renamed over it. */
    static void writePrivate(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The OpenSSH public key blob of an RSA key, base64 ("AAAAB3NzaC1yc2E..."), as keys.properties holds it. */
    static String sshPublicKey(PublicKey key) {
        RSAPublicKey rsa = (RSAPublicKey) key;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        string(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        string(out, rsa.getPublicExponent().toByteArray());
        string(out, rsa.getModulus().toByteArray());
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static void string(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >>> 24);
        out.write(b.length >>> 16);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    /** Whether two public keys are the same RSA key. */
    static boolean same(PublicKey a, PublicKey b) {
        if (a instanceof RSAPublicKey x && b instanceof RSAPublicKey y) {
            return x.getModulus().equals(y.getModulus()) && x.getPublicExponent().equals(y.getPublicExponent());
        }
        return a.equals(b);
    }
}
