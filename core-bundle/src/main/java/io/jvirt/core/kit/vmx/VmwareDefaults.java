package io.jvirt.core.kit.vmx;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.XmlElement;

/**
 * What libvirt's domain XML parser does for the VMware drivers' definitions
 * ({@code virVMXDomainXMLConfInit}: a wide SCSI bus, VMware's MAC prefix 00:0c:29, names with '/').
 * A disk's bus from its target name, its drive address from its index and the controllers its
 * address names are the model's generic post-parse (with this wide bus).
 */
final class VmwareDefaults implements DomainDefDefaults {

    static final VmwareDefaults INSTANCE = new VmwareDefaults();

    private VmwareDefaults() {
    }

    /** Nothing of the VMware drivers' own: their disk buses, addresses and controllers are the model's generic ones. */
    @Override
    public void apply(DomainDef def) {
    }

    /** libvirt's VIR_DOMAIN_DEF_FEATURE_WIDE_SCSI: 15 disks per SCSI controller, unit 7 skipped. */
    @Override
    public boolean wideScsiBus() {
        return true;
    }

    /** vSphere names may hold '/' (a .vmx escapes it as %2f). */
    @Override
    public boolean namesMayContainSlash() {
        return true;
    }

    @Override
    public String generateMac() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format(Locale.ROOT, "00:0c:29:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    /** A drive address's number attribute; libvirt's default 0 when absent. */
    static int intAttr(XmlElement address, String name) {
        String v = address.attributes().get(name);
        if (v == null) {
            return 0;
        }
        Long n = v.isEmpty() || v.charAt(0) == '-' ? null : LibvirtNumbers.uip(v);
        if (n == null || n > Integer.MAX_VALUE) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "Invalid value for attribute '" + name
                + "' in element 'address': '" + v + "'. Expected non-negative integer value");
        }
        return n.intValue();
    }
}
