package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * libvirt refuses '/' in a domain name when it parses, unless the driver sets
 * VIR_DOMAIN_DEF_FEATURE_NAME_SLASH (its VMware drivers do: vSphere names may hold '/').
 */
class NameSlashTest {

    private static final String XML = "<domain type='vmware'><name>web/db</name><memory>4096</memory>"
        + "<os><type>hvm</type></os></domain>";

    @Test
    void refusedByDefault() {
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse(XML));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertEquals("XML error: name web/db cannot contain '/'", e.getMessage());
    }

    @Test
    void acceptedWhereTheDriverAllowsIt() {
        DomainDefDefaults slash = new DomainDefDefaults() {
            @Override
            public void apply(DomainDef def) {
            }

            @Override
            public boolean namesMayContainSlash() {
                return true;
            }
        };
        DomainDef def = DomainXml.parse(XML, true, slash);
        assertEquals("web/db", def.name());
        assertTrue(DomainXml.format(def).contains("<name>web/db</name>"), DomainXml.format(def));
    }
}
