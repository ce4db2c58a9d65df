package io.jvirt.driver.xen;

import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.conf.VirConf;

/**
 * The xen-xl native format ({@code domxml-from-native xen-xl} / {@code domxml-to-native xen-xl}):
 * libvirt's xenParseXL and xenFormatXL. Errors are {@link io.jvirt.api.VirtException}s with
 * libvirt's codes and words: CONF_SYNTAX from the reader, the converters' own (XEN, XENXL), and
 * CONFIG_UNSUPPORTED naming what xl cannot express.
 */
public final class XlConfig {

    private XlConfig() {
    }

    /** xl.cfg text to a domain definition, with libxl's defaults. */
    public static DomainDef toDomain(String cfg) {
        VirConf conf = VirConf.read(cfg);
        DomainDef def = XenHost.parseDef(XlToDomain.toXmlText(conf), false);
        return def;
    }

    /** xl.cfg text to libvirt's domain XML (inactive, secure: as domxml-from-native writes it). */
    public static String toDomainXml(String cfg) {
        return DomainXml.format(toDomain(cfg), -1, true);
    }

    /** A domain definition to xl.cfg text. */
    public static String fromDomain(DomainDef def) {
        return DomainToXl.format(def).write();
    }

    /** Domain XML (read with libxl's defaults) to xl.cfg text. */
    public static String fromDomainXml(String xml) {
        return fromDomain(XenHost.parseDef(xml, false));
    }
}
