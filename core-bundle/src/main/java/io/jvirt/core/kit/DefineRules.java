package io.jvirt.core.kit;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The checks libvirt's drivers make on a parsed definition before they define or create it, past
 * what the XML parser checks, written once for every driver (local or remote).
 */
public final class DefineRules {

    private DefineRules() {
    }

    /**
     * virXMLCheckIllegalChars("name", def->name, "\n"), which libvirt's QEMU, LXC, libxl, bhyve,
     * test and other drivers call in every define: a name must be one line (status files, logs and
     * native configs are line-based). libvirt's ESX driver forgot it; jvirt's ESX driver checks it
     * too, as a VMX entry or a vSphere name with a line end would break the configuration it writes.
     */
    public static void checkName(String name) {
        if (name != null && name.indexOf('\n') >= 0) {
            throw new VirtException(ErrorCode.XML_DETAIL, ErrorDomain.DOMAIN, "invalid char in name: 0x0a");
        }
    }
}
