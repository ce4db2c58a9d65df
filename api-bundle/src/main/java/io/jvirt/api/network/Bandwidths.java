package io.jvirt.api.network;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.network.NetworkDef.Bandwidth;
import io.jvirt.api.network.NetworkDef.Rate;
import io.jvirt.api.xml.XmlOut;

/**
 * virNetDevBandwidthParse / virNetDevBandwidthFormat as a network (and its port groups) use them:
 * no classID, no floor (libvirt's allowFloor is false for network definitions).
 */
final class Bandwidths {

    private Bandwidths() {
    }

    private static VirtException error(ErrorCode code, String detail) {
        return new VirtException(code, ErrorDomain.NONE, detail);
    }

    /** The parsed QoS, or null where neither direction is given (libvirt then keeps none). */
    static Bandwidth parse(XmlElement node) {
        if (node.attributes().get("classID") != null) {
            throw error(ErrorCode.XML_DETAIL, "classID attribute not supported on <bandwidth> in this usage context");
        }
        XmlElement in = null;
        XmlElement out = null;
        for (XmlElement c : node.children()) {
            if (c.namespaceUri() != null) {
                continue;
            }
            if ("inbound".equals(c.name())) {
                if (in != null) {
                    throw error(ErrorCode.XML_DETAIL, "Only one child <inbound> element allowed");
                }
                in = c;
            } else if ("outbound".equals(c.name())) {
                if (out != null) {
                    throw error(ErrorCode.XML_DETAIL, "Only one child <outbound> element allowed");
                }
                out = c;
            }
        }
        Rate inbound = null;
        Rate outbound = null;
        if (in != null) {
            inbound = rate(in);
            if (inbound.floor() != 0) {
                throw error(ErrorCode.CONFIG_UNSUPPORTED, "floor attribute is not supported for this config");
            }
        }
        if (out != null) {
            outbound = rate(out);
            if (outbound.floor() != 0) {
                throw error(ErrorCode.CONFIG_UNSUPPORTED, "'floor' attribute allowed only in <inbound> element");
            }
        }
        return inbound == null && outbound == null ? null : new Bandwidth(inbound, outbound);
    }

    private static Rate rate(XmlElement node) {
        String average = node.attributes().get("average");
        String peak = node.attributes().get("peak");
        String burst = node.attributes().get("burst");
        String floor = node.attributes().get("floor");
        long a = 0;
        if (average != null) {
            a = number(average, "average");
        } else if (floor == null) {
            throw error(ErrorCode.XML_DETAIL, "Missing mandatory average or floor attributes");
        }
        if ((peak != null || burst != null) && average == null) {
            throw error(ErrorCode.CONFIG_UNSUPPORTED, "'peak' and 'burst' require 'average' attribute");
        }
        long p = peak == null ? 0 : number(peak, "peak");
        long b = burst == null ? 0 : number(burst, "burst");
        long f = floor == null ? 0 : number(floor, "floor");
        return new Rate(a, p, f, b);
    }

    private static long number(String text, String what) {
        Long n = LibvirtNumbers.ullp(text);
        if (n == null) {
            throw error(ErrorCode.CONFIG_UNSUPPORTED, "could not convert bandwidth " + what + " value '" + text + "'");
        }
        return n;
    }

    static void format(XmlOut out, int level, Bandwidth bw) {
        if (bw == null) {
            return;
        }
        out.open(level, "bandwidth").body();
        rate(out, level + 1, "inbound", bw.inbound());
        rate(out, level + 1, "outbound", bw.outbound());
        out.close(level, "bandwidth");
    }

    private static void rate(XmlOut out, int level, String name, Rate r) {
        if (r == null || (r.average() == 0 && r.floor() == 0)) {
            return;
        }
        out.open(level, name);
        if (r.average() != 0) {
            out.attr("average", Long.toUnsignedString(r.average()));
        }
        if (r.peak() != 0) {
            out.attr("peak", Long.toUnsignedString(r.peak()));
        }
        if (r.floor() != 0) {
            out.attr("floor", Long.toUnsignedString(r.floor()));
        }
        if (r.burst() != 0) {
            out.attr("burst", Long.toUnsignedString(r.burst()));
        }
        out.end();
    }
}
