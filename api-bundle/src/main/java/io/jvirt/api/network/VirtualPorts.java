package io.jvirt.api.network;

import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.LibvirtUuids;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.network.NetworkDef.VirtualPort;
import io.jvirt.api.xml.XmlOut;

/** virNetDevVPortProfileParse / virNetDevVPortProfileFormat for a network's virtualport. */
final class VirtualPorts {

    private static final String QBG = "802.1Qbg";
    private static final String QBH = "802.1Qbh";
    private static final String OVS = "openvswitch";
    private static final String MIDONET = "midonet";

    private VirtualPorts() {
    }

    private static VirtException xml(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE, detail);
    }

    static VirtualPort parse(XmlElement node, boolean requireType) {
        String type = node.attributes().get("type");
        if (type != null && !(QBG.equals(type) || QBH.equals(type) || OVS.equals(type) || MIDONET.equals(type))) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NONE, "unknown virtualport type " + type);
        }
        if (type == null && requireType) {
            throw xml("missing required virtualport type");
        }
        XmlElement p = null;
        for (XmlElement c : node.children()) {
            if ("parameters".equals(c.localName())) {
                p = c;
                break;
            }
        }
        Long managerId = number(p, "managerid", 0xff, "managerid parameter", "value of managerid out of range");
        Long typeId = number(p, "typeid", 0xffffff, "typeid parameter", "value for typeid out of range");
        Long typeIdVersion = number(p, "typeidversion", 0xff, "typeidversion parameter",
            "value of typeidversion out of range");
        UUID instanceId = uuid(p, "instanceid");
        String profileId = p == null ? null : p.attributes().get("profileid");
        if (profileId != null && profileId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 40) {
            throw xml("profileid parameter too long");
        }
        if (profileId != null && profileId.isEmpty()) {
            profileId = null;
        }
        UUID interfaceId = uuid(p, "interfaceid");
        String extra = null;
        if (QBG.equals(type)) {
            extra = profileId != null ? "profileid" : interfaceId != null ? "interfaceid" : null;
        } else if (QBH.equals(type) || OVS.equals(type)) {
            extra = managerId != null ? "managerid" : typeId != null ? "typeid"
                : typeIdVersion != null ? "typeidversion" : instanceId != null ? "instanceid"
                : QBH.equals(type) && interfaceId != null ? "interfaceid" : null;
        }
        if (extra != null) {
            throw xml("extra " + extra + " unsupported in <virtualport type='" + type + "'>");
        }
        return new VirtualPort(type, managerId, typeId, typeIdVersion, instanceId, profileId, interfaceId);
    }

    private static Long number(XmlElement p, String attr, long max, String what, String outOfRange) {
        String v = p == null ? null : p.attributes().get(attr);
        if (v == null) {
            return null;
        }
        Long n = io.jvirt.api.domain.LibvirtNumbers.uiBase0(v);
        if (n == null) {
            throw xml("cannot parse value of " + what);
        }
        if (n > max) {
            throw xml(outOfRange);
        }
        return n;
    }

    private static UUID uuid(XmlElement p, String attr) {
        String v = p == null ? null : p.attributes().get(attr);
        if (v == null) {
            return null;
        }
        UUID u = LibvirtUuids.parse(v);
        if (u == null) {
            throw xml("cannot parse " + attr + " parameter as a uuid");
        }
        return u;
    }

    static void format(XmlOut out, int level, VirtualPort v) {
        if (v == null) {
            return;
        }
        String t = v.type();
        boolean none = t == null;
        boolean qbg = none || QBG.equals(t);
        boolean ifid = none || MIDONET.equals(t) || OVS.equals(t);
        boolean prof = none || OVS.equals(t) || QBH.equals(t);
        boolean noParameters = v.managerId() == null && v.typeId() == null && v.typeIdVersion() == null
            && v.instanceId() == null && v.profileId() == null && v.interfaceId() == null;
        if (noParameters) {
            if (!none) {
                out.open(level, "virtualport").attr("type", t).end();
            }
            return;
        }
        out.open(level, "virtualport").attr("type", t).body();
        out.open(level + 1, "parameters");
        if (qbg) {
            out.attr("managerid", v.managerId()).attr("typeid", v.typeId()).attr("typeidversion", v.typeIdVersion())
                .attr("instanceid", v.instanceId());
        }
        if (ifid) {
            out.attr("interfaceid", v.interfaceId());
        }
        if (prof) {
            out.attr("profileid", v.profileId());
        }
        out.end();
        out.close(level, "virtualport");
    }
}
