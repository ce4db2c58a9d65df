package io.jvirt.api.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * libvirt's own value parsers, called in Debian's libvirt.so.0 (libvirt0; its private symbols
 * are exported): the oracle that jvirt's readers of numbers, UUIDs and MAC addresses are checked
 * against, on any input, instead of expectations written by hand.
 */
public final class LibvirtParsers {

    /** The functions of libvirt 9.0's virstring.c, viruuid.c, virmacaddr.c and virsocketaddr.c used here. */
    interface Lib extends Library {
        int virStrToLong_i(String s, Pointer end, int base, IntByReference result);

        int virStrToLong_ui(String s, Pointer end, int base, IntByReference result);

        int virStrToLong_uip(String s, Pointer end, int base, IntByReference result);

        int virStrToLong_ll(String s, Pointer end, int base, LongByReference result);

        int virStrToLong_ull(String s, Pointer end, int base, LongByReference result);

        int virStrToLong_ullp(String s, Pointer end, int base, LongByReference result);

        int virUUIDParse(String s, byte[] uuid);

        int virMacAddrParse(String s, byte[] mac);

        int virInitialize();

        int virSocketAddrParse(Pointer addr, String val, int family);

        Pointer virSocketAddrFormat(Pointer addr);
    }

    /** Linux's AF_INET and AF_INET6. */
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    private static Lib lib;

    private LibvirtParsers() {
    }

    /** libvirt's library, or a skip (a failure when CI=true) when it is not installed. */
    public static synchronized Lib require() {
        if (lib == null) {
            try {
                // C strings are UTF-8 whatever the JVM's default charset (a CI machine's POSIX locale)
                Lib loaded = Native.load("virt", Lib.class, java.util.Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
                // the error reporting of functions that fail (virSocketAddrParse) needs its thread-local
                // key: without virInitialize it reads another library's slot and frees what it finds there
                if (loaded.virInitialize() < 0) {
                    throw new IllegalStateException("virInitialize failed");
                }
                lib = loaded;
            } catch (UnsatisfiedLinkError e) {
                throw Prerequisite.missing("libvirt.so.0 (Debian's libvirt0) cannot be loaded: " + e.getMessage());
            }
        }
        return lib;
    }

    /** virStrToLong_i(s, NULL, 10), null where libvirt fails. */
    public static Integer i(String s) {
        IntByReference r = new IntByReference();
        return require().virStrToLong_i(s, null, 10, r) < 0 ? null : r.getValue();
    }

    /** virStrToLong_ui(s, NULL, 10). */
    public static Long ui(String s) {
        IntByReference r = new IntByReference();
        return require().virStrToLong_ui(s, null, 10, r) < 0 ? null : Integer.toUnsignedLong(r.getValue());
    }

    /** virStrToLong_uip(s, NULL, 10). */
    public static Long uip(String s) {
        IntByReference r = new IntByReference();
        return require().virStrToLong_uip(s, null, 10, r) < 0 ? null : Integer.toUnsignedLong(r.getValue());
    }

    /** virStrToLong_ll(s, NULL, 10). */
    public static Long ll(String s) {
        LongByReference r = new LongByReference();
        return require().virStrToLong_ll(s, null, 10, r) < 0 ? null : r.getValue();
    }

    /** virStrToLong_ull(s, NULL, 10), the unsigned value in a long's bits. */
    public static Long ull(String s) {
        LongByReference r = new LongByReference();
        return require().virStrToLong_ull(s, null, 10, r) < 0 ? null : r.getValue();
    }

    /** virStrToLong_ullp(s, NULL, 10). */
    public static Long ullp(String s) {
        LongByReference r = new LongByReference();
        return require().virStrToLong_ullp(s, null, 10, r) < 0 ? null : r.getValue();
    }

    /** virUUIDParse: the 16 bytes as a java.util.UUID, null where libvirt fails. */
    public static java.util.UUID uuid(String s) {
        byte[] b = new byte[16];
        if (require().virUUIDParse(s, b) < 0) {
            return null;
        }
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
        return new java.util.UUID(bb.getLong(), bb.getLong());
    }

    /** virMacAddrParse: the canonical lower-case form, null where libvirt fails. */
    public static String mac(String s) {
        byte[] b = new byte[6];
        if (require().virMacAddrParse(s, b) < 0) {
            return null;
        }
        StringBuilder out = new StringBuilder(17);
        for (byte x : b) {
            out.append(out.length() == 0 ? "" : ":").append(String.format("%02x", x & 0xff));
        }
        return out.toString();
    }

    /**
     * virSocketAddrParse(text, family) then virSocketAddrFormat: libvirt's canonical text of a
     * numeric address, null where it refuses the text. family 0 is AF_UNSPEC.
     */
    public static String socketAddr(String s, int family) {
        // virSocketAddr: a union holding a sockaddr_storage (128 bytes), then a socklen_t
        try (com.sun.jna.Memory addr = new com.sun.jna.Memory(256)) {
            addr.clear();
            if (require().virSocketAddrParse(addr, s, family) < 0) {
                return null;
            }
            Pointer text = require().virSocketAddrFormat(addr);
            if (text == null) {
                return null;
            }
            try {
                return text.getString(0, "UTF-8");
            } finally {
                Native.free(Pointer.nativeValue(text));
            }
        }
    }
}
