package io.jvirt.core.kit.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and private keys as libvirt's tools write them (certtool and openssl): text
 * around the blocks is ignored (certtool writes a description before them); keys are PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}),
 * unencrypted, as libvirt reads them. Files larger than 1 MiB are refused before they are read.
 */
public final class PemFiles {

    /** Far more than any certificate list or key; a larger file is no PEM file libvirt would read. */
    static final long MAX_FILE = 1 << 20;
    private static final Pattern BLOCK = Pattern.compile(
        "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private PemFiles() {
    }

    /**
     * Every certificate in a PEM file, in file order (a certificate file may hold its chain, a CA
     * file several CAs); {@code what} names the file in errors, as libvirt's "Cannot read CA
     * certificate '...'".
     */
    public static List<X509Certificate> certificates(Path file, String what) throws IOException {
        String text = read(file, what);
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(text)) {
                if (b.type().equals("CERTIFICATE") || b.type().equals("X509 CERTIFICATE")) {
                    try (InputStream in = new ByteArrayInputStream(b.der())) {
                        Certificate c = cf.generateCertificate(in);
                        certs.add((X509Certificate) c);
                    }
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new TlsSetupException("Unable to import " + what + " " + file + ": " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new TlsSetupException("Unable to import " + what + " " + file + ": no PEM certificate in it");
        }
        return List.copyOf(certs);
    }

    /**
     * Every revocation list ({@code X509 CRL} block) of a PEM file, as libvirt's
     * gnutls_certificate_set_x509_crl_file reads its cacrl.pem; a file without one is an error.
     */
    public static List<X509CRL> crls(Path file) throws IOException {
        String text = read(file, "CA revocation list");
        List<X509CRL> crls = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(text)) {
                if (b.type().equals("X509 CRL")) {
                    try (InputStream in = new ByteArrayInputStream(b.der())) {
                        crls.add((X509CRL) cf.generateCRL(in));
                    }
                }
            }
        } catch (CertificateException | CRLException | IllegalArgumentException e) {
            throw new TlsSetupException("Unable to set x509 certificate revocation list: " + file + ": " + e.getMessage(), e);
        }
        if (crls.isEmpty()) {
            throw new TlsSetupException("Unable to set x509 certificate revocation list: " + file + ": no PEM CRL in it");
        }
        return List.copyOf(crls);
    }

    /** The one private key of a PEM file. */
    public static PrivateKey privateKey(Path file, String what) throws IOException {
        String text = read(file, what);
        for (Block b : blocks(text)) {
            try {
                switch (b.type()) {
                    case "PRIVATE KEY":
                        return pkcs8(b.der());
                    case "RSA PRIVATE KEY":
                        return KeyFactory.getInstance("RSA").generatePrivate(
                            new PKCS8EncodedKeySpec(Der.pkcs8(Der.RSA_OID, Der.tlv(Der.NULL), b.der())));
                    case "EC PRIVATE KEY":
                        return KeyFactory.getInstance("EC").generatePrivate(
                            new PKCS8EncodedKeySpec(Der.pkcs8(Der.EC_OID, Der.sec1Curve(b.der()), b.der())));
                    case "ENCRYPTED PRIVATE KEY":
                        throw new TlsSetupException("Unable to import " + what + " " + file
                            + ": the key is encrypted; libvirt reads unencrypted keys only");
                    default:
                        break;
                }
            } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
                if (e instanceof TlsSetupException t) {
                    throw t;
                }
                throw new TlsSetupException("Unable to import " + what + " " + file + ": " + e.getMessage(), e);
            }
        }
        throw new TlsSetupException("Unable to import " + what + " " + file + ": no PEM private key in it");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static String read(Path file, String what) throws IOException {
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new TlsSetupException("Cannot read " + what + " '" + file + "': larger than " + MAX_FILE + " bytes");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException("Cannot read " + what + " '" + file + "': No such file or directory", e);
        } catch (TlsSetupException e) {
            throw e;
        } catch (IOException e) {
            throw new TlsSetupException("Cannot read " + what + " '" + file + "': " + e.getMessage(), e);
        }
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
        }
        return out;
    }
}
