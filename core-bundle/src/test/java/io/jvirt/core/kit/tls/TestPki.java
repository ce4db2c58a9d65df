package io.jvirt.core.kit.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.jvirt.api.testing.Prerequisite;

/**
 * Certificates made for a test by GnuTLS's certtool (Debian's gnutls-bin; the JDK's keytool cannot
 * sign with a CA of one's own), in libvirt's layouts: a CA, a server certificate for localhost and
 * 127.0.0.1, client certificates with chosen DNs, signed by this CA or another one.
 */
public final class TestPki {

    private final Path dir;
    private final String name;

    private TestPki(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** Skips the calling test (fails it under CI=true) without certtool. */
    public static void require() {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/certtool")),
            "GnuTLS's certtool (Debian package gnutls-bin) makes the tests' certificates");
    }

    /** A new CA named {@code name} (its DN {@code O=jvirt tests,CN=<name>}) in {@code dir/<name>}. */
    public static TestPki ca(Path dir, String name) throws IOException, InterruptedException {
        TestPki p = new TestPki(dir.resolve(name), name);
        Files.createDirectories(p.dir);
        p.certtool("--generate-privkey", "--key-type", "ecdsa", "--outfile", p.caKey().toString());
        p.certtool("--generate-self-signed", "--load-privkey", p.caKey().toString(),
            "--template", p.template("ca", "organization = jvirt tests\ncn = " + name + "\nca\ncert_signing_key\ncrl_signing_key\nexpiration_days = 2\n").toString(),
            "--outfile", p.caCert().toString());
        return p;
    }

    public Path caCert() {
        return dir.resolve("cacert.pem");
    }

    private Path caKey() {
        return dir.resolve("cakey.pem");
    }

    /** libvirtd's layout under a fresh PKI root: CA/cacert.pem, libvirt/servercert.pem, libvirt/private/serverkey.pem. */
    public X509Files server(Path pkiRoot, String... hosts) throws IOException, InterruptedException {
        X509Files f = X509Files.libvirtServer(pkiRoot);
        Files.createDirectories(f.key().getParent());
        Files.createDirectories(f.caCert().getParent());
        Files.copy(caCert(), f.caCert());
        StringBuilder t = new StringBuilder("organization = jvirt tests\ncn = " + (hosts.length > 0 ? hosts[0] : "localhost")
            + "\ntls_www_server\nencryption_key\nsigning_key\nexpiration_days = 2\n");
        for (String h : hosts.length > 0 ? hosts : new String[] {"localhost", "127.0.0.1"}) {
            t.append(h.matches("[0-9.]+|.*:.*") ? "ip_address = " : "dns_name = ").append(h).append('\n');
        }
        issue(f.key(), f.cert(), t.toString());
        return f;
    }

    /**
     * A client certificate with {@code C=GB,O=<org>,CN=<cn>} signed by this CA, in a virsh
     * {@code pkipath} directory: clientcert.pem, clientkey.pem, and cacert.pem holding
     * {@code trusted} (the CAs the client checks the server against).
     */
    public Path clientPkiPath(Path pkiPath, String org, String cn, TestPki... trusted) throws IOException, InterruptedException {
        Files.createDirectories(pkiPath);
        issue(pkiPath.resolve("clientkey.pem"), pkiPath.resolve("clientcert.pem"),
            "country = GB\norganization = " + org + "\ncn = " + cn + "\ntls_www_client\nencryption_key\nsigning_key\nexpiration_days = 2\n");
        writeCaList(pkiPath.resolve("cacert.pem"), trusted.length > 0 ? trusted : new TestPki[] {this});
        return pkiPath;
    }

    /** A pkipath with only the CA list (a client without a certificate). */
    public static Path caOnlyPkiPath(Path pkiPath, TestPki... trusted) throws IOException {
        Files.createDirectories(pkiPath);
        writeCaList(pkiPath.resolve("cacert.pem"), trusted);
        return pkiPath;
    }

    /**
     * A revocation list of this CA naming {@code revoked} (none: an empty list), in PEM as libvirt's
     * cacrl.pem, written to {@code crl}.
     */
    public Path crl(Path crl, Path... revoked) throws IOException, InterruptedException {
        Files.createDirectories(crl.getParent());
        List<String> args = new ArrayList<>(List.of("--generate-crl", "--load-ca-privkey", caKey().toString(),
            "--load-ca-certificate", caCert().toString(), "--template",
            template("crl", "crl_next_update = 2\ncrl_number = " + System.nanoTime() + "\n").toString(), "--outfile", crl.toString()));
        if (revoked.length > 0) {
            Path list = Files.createTempFile(dir, "revoked", ".pem");
            StringBuilder all = new StringBuilder();
            for (Path r : revoked) {
                all.append(Files.readString(r));
            }
            Files.writeString(list, all);
            args.addAll(List.of("--load-certificate", list.toString()));
        }
        certtool(args.toArray(new String[0]));
        return crl;
    }

    private static void writeCaList(Path file, TestPki... cas) throws IOException {
        StringBuilder all = new StringBuilder();
        for (TestPki ca : cas) {
            all.append(Files.readString(ca.caCert()));
        }
        Files.writeString(file, all);
    }

    /**
     * An RSA key and its certificate signed by this CA: RSA, because libvirt demands key
     * encipherment of a client or server certificate and certtool leaves it out for ECDSA keys.
     */
    private void issue(Path key, Path cert, String template, String... keyType) throws IOException, InterruptedException {
        List<String> gen = new ArrayList<>(List.of("--generate-privkey", "--outfile", key.toString()));
        gen.addAll(keyType.length > 0 ? List.of(keyType) : List.of("--key-type", "rsa", "--bits", "2048"));
        certtool(gen.toArray(new String[0]));
        certtool("--generate-certificate", "--load-privkey", key.toString(), "--load-ca-certificate", caCert().toString(),
            "--load-ca-privkey", caKey().toString(), "--template", template(cert.getFileName().toString(), template).toString(),
            "--outfile", cert.toString());
    }

    private Path template(String what, String text) throws IOException {
        Path t = Files.createTempFile(dir, what, ".info");
        Files.writeString(t, text);
        return t;
    }

    private void certtool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("certtool");
        cmd.addAll(List.of(args));
        // output to a file, so that the wait below is the only wait and has its timeout
        Path log = Files.createTempFile(dir, "certtool", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("certtool took more than 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("certtool " + cmd + " failed (" + name + "): " + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
