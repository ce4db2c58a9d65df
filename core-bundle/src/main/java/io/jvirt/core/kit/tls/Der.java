package io.jvirt.core.kit.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The few DER steps needed to turn PKCS#1 RSA and SEC1 EC private keys into PKCS#8, which is what
 * the JDK's key factories read. Every length is checked against the input before it is used.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    /** rsaEncryption, 1.2.840.113549.1.1.1 */
    static final byte[] RSA_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    /** id-ecPublicKey, 1.2.840.10045.2.1 */
    static final byte[] EC_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Der() {
    }

    /** One element: its tag, and where its content starts and ends in the input. */
    record Element(int tag, int start, int end) {
        byte[] content(byte[] in) {
            return Arrays.copyOfRange(in, start, end);
        }
    }

    static Element read(byte[] in, int pos, int limit) throws IOException {
        if (pos + 2 > limit) {
            throw new IOException("truncated DER");
        }
        int tag = in[pos] & 0xff;
        int len = in[pos + 1] & 0xff;
        int p = pos + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || p + n > limit) {
                throw new IOException("bad DER length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (in[p++] & 0xff);
            }
        }
        if (len > limit - p) {
            throw new IOException("DER length beyond its container");
        }
        return new Element(tag, p, p + len);
    }

    static byte[] tlv(int tag, byte[]... parts) {
        int len = 0;
        for (byte[] b : parts) {
            len += b.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        for (byte[] b : parts) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /** PKCS#8 PrivateKeyInfo: version 0, the algorithm, the key in an OCTET STRING. */
    static byte[] pkcs8(byte[] algorithmOid, byte[] parameters, byte[] privateKey) {
        return tlv(SEQUENCE, tlv(INTEGER, new byte[] {0}), tlv(SEQUENCE, tlv(OID, algorithmOid), parameters),
            tlv(OCTET_STRING, privateKey));
    }

    /** The curve OID (the whole TLV) of a SEC1 ECPrivateKey: its [0] parameters. */
    static byte[] sec1Curve(byte[] sec1) throws IOException {
        Element seq = read(sec1, 0, sec1.length);
        if (seq.tag() != SEQUENCE) {
            throw new IOException("not a SEC1 EC private key");
        }
        int p = seq.start();
        while (p < seq.end()) {
            Element e = read(sec1, p, seq.end());
            if (e.tag() == 0xa0) {
                Element oid = read(sec1, e.start(), e.end());
                if (oid.tag() != OID) {
                    throw new IOException("the EC key names no curve");
                }
                return Arrays.copyOfRange(sec1, e.start(), oid.end());
            }
            p = e.end();
        }
        throw new IOException("the EC key names no curve");
    }
}
