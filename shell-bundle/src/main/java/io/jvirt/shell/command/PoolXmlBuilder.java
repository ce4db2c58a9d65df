package io.jvirt.shell.command;

import static io.jvirt.api.domain.XmlEscape.attribute;
import static io.jvirt.api.domain.XmlEscape.text;

import java.util.Map;

/**
 * virsh's virshBuildPoolXML (pool-define-as, pool-create-as): the pool XML made from the
 * options, element for element and line for line as virsh writes it. Unlike virsh, every value
 * is escaped: the options are a user's input, and a quote or a '&lt;' in one must stay data
 * rather than become markup (for ordinary values the document is the same as virsh's).
 */
final class PoolXmlBuilder {

    /** The options virsh's VIRSH_COMMON_OPT_POOL_X_AS takes a value for, in its order (positional filling follows it). */
    static final String[] OPTIONS = {
        "name", "type", "source-host", "source-path", "source-dev", "source-name", "target", "source-format",
        "auth-type", "auth-username", "secret-usage", "secret-uuid", "adapter-name", "adapter-wwnn",
        "adapter-wwpn", "adapter-parent", "adapter-parent-wwnn", "adapter-parent-wwpn",
        "adapter-parent-fabric-wwn", "source-protocol-ver", "source-initiator"};

    private PoolXmlBuilder() {
    }

    /** The XML for the given option values (absent options are null or missing). */
    static String build(Map<String, String> o) {
        StringBuilder b = new StringBuilder();
        b.append("<pool type='").append(attribute(o.get("type"))).append("'>\n");
        b.append("  <name>").append(text(o.get("name"))).append("</name>\n");
        String srcHost = o.get("source-host");
        String srcPath = o.get("source-path");
        String srcDev = o.get("source-dev");
        String srcName = o.get("source-name");
        String srcFormat = o.get("source-format");
        String initiator = o.get("source-initiator");
        String wwnn = o.get("adapter-wwnn");
        String wwpn = o.get("adapter-wwpn");
        String adapterName = o.get("adapter-name");
        if (srcHost != null || srcPath != null || srcDev != null || initiator != null || srcFormat != null
            || srcName != null || (wwnn != null && wwpn != null) || adapterName != null) {
            b.append("  <source>\n");
            if (srcHost != null) {
                b.append("    <host name='").append(attribute(srcHost)).append("'/>\n");
            }
            if (srcPath != null) {
                b.append("    <dir path='").append(attribute(srcPath)).append("'/>\n");
            }
            if (srcDev != null) {
                b.append("    <device path='").append(attribute(srcDev)).append("'/>\n");
            }
            if (initiator != null) {
                b.append("    <initiator>\n      <iqn name='").append(attribute(initiator)).append("'/>\n    </initiator>\n");
            }
            adapter(b, o, wwnn, wwpn, adapterName);
            auth(b, o);
            if (srcFormat != null) {
                b.append("    <format type='").append(attribute(srcFormat)).append("'/>\n");
            }
            if (srcName != null) {
                b.append("    <name>").append(text(srcName)).append("</name>\n");
            }
            String protoVer = o.get("source-protocol-ver");
            if (protoVer != null) {
                b.append("    <protocol ver='").append(attribute(protoVer)).append("'/>\n");
            }
            b.append("  </source>\n");
        }
        String target = o.get("target");
        if (target != null) {
            b.append("  <target>\n    <path>").append(text(target)).append("</path>\n  </target>\n");
        }
        b.append("</pool>\n");
        return b.toString();
    }

    private static void adapter(StringBuilder b, Map<String, String> o, String wwnn, String wwpn, String adapterName) {
        if (wwnn != null && wwpn != null) {
            b.append("    <adapter type='fc_host'");
            String parent = o.get("adapter-parent");
            String parentWwnn = o.get("adapter-parent-wwnn");
            String parentWwpn = o.get("adapter-parent-wwpn");
            String fabric = o.get("adapter-parent-fabric-wwn");
            if (parent != null) {
                b.append(" parent='").append(attribute(parent)).append('\'');
            } else if (parentWwnn != null && parentWwpn != null) {
                b.append(" parent_wwnn='").append(attribute(parentWwnn)).append("' parent_wwpn='")
                    .append(attribute(parentWwpn)).append('\'');
            } else if (fabric != null) {
                b.append(" parent_fabric_wwn='").append(attribute(fabric)).append('\'');
            }
            b.append(" wwnn='").append(attribute(wwnn)).append("' wwpn='").append(attribute(wwpn)).append("'/>\n");
        } else if (adapterName != null) {
            b.append("    <adapter type='scsi_host' name='").append(attribute(adapterName)).append("'/>\n");
        }
    }

    private static void auth(StringBuilder b, Map<String, String> o) {
        String authType = o.get("auth-type");
        String user = o.get("auth-username");
        String usage = o.get("secret-usage");
        String uuid = o.get("secret-uuid");
        if (authType != null && user != null && (usage != null || uuid != null)) {
            b.append("    <auth type='").append(attribute(authType)).append("' username='").append(attribute(user))
                .append("'>\n");
            if (usage != null) {
                b.append("      <secret usage='").append(attribute(usage)).append("'/>\n");
            } else {
                b.append("      <secret uuid='").append(attribute(uuid)).append("'/>\n");
            }
            b.append("    </auth>\n");
        }
    }
}
