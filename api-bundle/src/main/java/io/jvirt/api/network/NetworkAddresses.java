package io.jvirt.api.network;

import java.util.Arrays;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.IpAddressText;

/**
 * The address arithmetic of libvirt's virsocketaddr.c that network definitions need: natural
 * prefixes, netmask bits, masking, and the DHCP range check (virSocketAddrGetRange).
 */
final class NetworkAddresses {

    private NetworkAddresses() {
    }

    /** virSocketAddrParse (AF_UNSPEC): the address, or null. */
    static IpAddressText.Address parse(String text) {
        return IpAddressText.parse(text, null);
    }

    /** virSocketAddrGetNumNetmaskBits: the bits of a contiguous netmask, -1 for another one. */
    static int netmaskBits(byte[] mask) {
        int bits = 0;
        int i = 0;
        while (i < mask.length && mask[i] == (byte) 0xff) {
            bits += 8;
            i++;
        }
        if (i == mask.length) {
            return bits;
        }
        int b = mask[i] & 0xff;
        while ((b & 0x80) != 0) {
            bits++;
            b = (b << 1) & 0xff;
        }
        if (b != 0) {
            return -1;
        }
        for (i++; i < mask.length; i++) {
            if (mask[i] != 0) {
                return -1;
            }
        }
        return bits;
    }

    /** virSocketAddrGetIPPrefix for canonical texts (netmask may be null, prefix 0 when none). */
    static int effectivePrefix(String address, String netmask, long prefix) {
        if (prefix > 0) {
            return (int) prefix;
        }
        if (netmask != null) {
            return netmaskBits(parse(netmask).bytes());
        }
        IpAddressText.Address a = parse(address);
        if (a == null) {
            return 0;
        }
        byte[] b = a.bytes();
        if (a.family() == IpAddressText.Family.IPV4) {
            int octet = b[0] & 0xff;
            if (isZero(b)) {
                return 0;
            }
            if ((octet & 0x80) == 0) {
                return 8;
            } else if ((octet & 0xc0) == 0x80) {
                return 16;
            } else if ((octet & 0xe0) == 0xc0) {
                return 24;
            }
            return -1;
        }
        return isZero(b) ? 0 : 64;
    }

    static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The address with all bits after {@code prefix} cleared (virSocketAddrMaskByPrefix). */
    static byte[] mask(byte[] addr, int prefix) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    /** The address with all bits after {@code prefix} set (the IPv4 broadcast address). */
    static byte[] broadcast(byte[] addr, int prefix) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] | (0xff >> keep));
        }
        return out;
    }

    private static VirtException internal(String detail) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, detail);
    }

    /**
     * virSocketAddrGetRange with a network: both ends in the same family as the network, inside
     * it, not its network or broadcast address (IPv4), not reversed and not larger than libvirt's
     * legacy limit (all but the last two bytes equal).
     */
    static void checkRange(IpAddressText.Address start, IpAddressText.Address end, IpAddressText.Address network,
            int prefix) {
        String s = start.format();
        String e = end.format();
        if (start.family() != end.family()) {
            throw internal("mismatch of address family in range " + s + " - " + e);
        }
        if (network != null) {
            String n = network.format();
            if (start.family() != network.family()) {
                throw internal("mismatch of address family in range " + s + " - " + e + " for network " + n);
            }
            int max = network.family() == IpAddressText.Family.IPV4 ? 32 : 128;
            if (prefix < 0 || prefix > max) {
                throw internal("bad prefix " + prefix + " for network " + n + " when  checking range " + s + " - " + e);
            }
            byte[] net = mask(network.bytes(), prefix);
            if (!Arrays.equals(mask(start.bytes(), prefix), net) || !Arrays.equals(mask(end.bytes(), prefix), net)) {
                throw internal("range " + s + " - " + e + " is not entirely within network " + n + "/" + prefix);
            }
            if (start.family() == IpAddressText.Family.IPV4) {
                if (Arrays.equals(start.bytes(), net)) {
                    throw internal("start of range " + s + " - " + e + " in network " + n + "/" + prefix
                        + " is the network address");
                }
                if (Arrays.equals(end.bytes(), broadcast(network.bytes(), prefix))) {
                    throw internal("end of range " + s + " - " + e + " in network " + n + "/" + prefix
                        + " is the broadcast address");
                }
            }
        }
        byte[] a = start.bytes();
        byte[] b = end.bytes();
        int fixed = a.length - 2;
        for (int i = 0; i < fixed; i++) {
            if (a[i] != b[i]) {
                throw internal("range " + s + " - " + e + " is too large (> 65535)");
            }
        }
        if (a.length == 4) {
            if (word(b, 2) - word(a, 2) < 0) {
                throw internal("range " + s + " - " + e + " is reversed ");
            }
        } else if (word(b, 14) - word(a, 14) < 0) {
            throw internal("range " + s + " - " + e + " start larger than end");
        }
    }

    private static long word(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
