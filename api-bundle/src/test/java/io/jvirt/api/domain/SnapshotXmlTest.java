package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.LibvirtSchemas;
import io.jvirt.api.testing.Prerequisite;

/**
 * libvirt's snapshot XML: vectors of libvirt's qemudomainsnapshotxml2xmltest that need no QEMU
 * (a new snapshot's name and description; redefinitions without a domain definition, written
 * with the domain's UUID when the caller gives one), and the redefinition's refusals.
 */
class SnapshotXmlTest {

    private static final String UUID = "9d37b878-a7cc-9f9a-b78f-49b3abad25a8";

    private static Path vectors() {
        Path dir = Conformance.dir().resolve("snapshot-xml2xml");
        Prerequisite.require(Files.isDirectory(dir), "the shared conformance data is missing: " + dir);
        return dir;
    }

    private static void vector(String name, boolean redefine, String uuid) {
        Path dir = vectors();
        Path outFile = dir.resolve("qemudomainsnapshotxml2xmlout").resolve(name);
        Path inFile = dir.resolve("qemudomainsnapshotxml2xmlin").resolve(name);
        // libvirt's test reads the output itself where there is no input of that name
        String in = Conformance.read(Files.exists(inFile) ? inFile : outFile);
        String out = Conformance.read(outFile);
        SnapshotDef def = SnapshotXml.parse(in, 0, redefine, DomainXml::parse);
        assertNull(Conformance.diff(out, SnapshotXml.format(def, uuid, false)), name);
    }

    @Test
    void libvirtsVectors() {
        vector("name_and_description.xml", false, null);
        vector("noparent.xml", true, UUID);
        vector("noparent_nodescription_noactive.xml", true, null);
    }

    @Test
    void aRedefinitionCarriesItsParentStateAndDomain() {
        String xml = "<domainsnapshot><name>b</name><state>paused</state><parent><name>a</name></parent>"
            + "<creationTime>1500000000</creationTime><memory snapshot='internal'/><disks><disk name='vda' snapshot='internal'/></disks>"
            + "<domain type='test'><name>t</name><uuid>" + UUID + "</uuid><memory>1024</memory><os><type>hvm</type></os></domain>"
            + "</domainsnapshot>";
        SnapshotDef def = SnapshotXml.parse(xml, 7, true, DomainXml::parse);
        assertEquals("a", def.parentName());
        assertEquals("paused", def.state());
        assertEquals(1500000000L, def.creationTime());
        assertEquals(UUID, def.domain().uuid().toString());
        String formatted = SnapshotXml.format(def, null, false);
        assertEquals(formatted, SnapshotXml.format(SnapshotXml.parse(formatted, 7, true, DomainXml::parse), null, false));
        LibvirtSchemas.require();
        LibvirtSchemas.assertValid("domainsnapshot.rng", formatted, "a snapshot with its domain");
        def.domain(null);
        LibvirtSchemas.assertValid("domainsnapshot.rng", SnapshotXml.format(def, UUID, false), "a snapshot with its domain's UUID");
    }

    @Test
    void aNewSnapshotIsNamedByItsTimeAndIgnoresRedefinitionFields() {
        SnapshotDef def = SnapshotXml.parse("<domainsnapshot><state>bogus</state><parent><name>x</name></parent></domainsnapshot>",
            1234, false, DomainXml::parse);
        assertEquals("1234", def.name());
        assertNull(def.parentName());
        assertNull(def.state());
    }

    @Test
    void refusalsAreLibvirts() {
        assertEquals("XML error: a redefined snapshot must have a name", assertThrows(VirtException.class,
            () -> SnapshotXml.parse("<domainsnapshot/>", 1, true, DomainXml::parse)).getMessage());
        assertEquals("internal error: missing creationTime from existing snapshot", assertThrows(VirtException.class,
            () -> SnapshotXml.parse("<domainsnapshot><name>a</name></domainsnapshot>", 1, true, DomainXml::parse)).getMessage());
        VirtException e = assertThrows(VirtException.class, () -> SnapshotXml.parse(
            "<domainsnapshot><name>a</name><creationTime>1</creationTime><state>sleepy</state></domainsnapshot>", 1, true,
            DomainXml::parse));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertEquals("unsupported configuration: Invalid state 'sleepy' in domain snapshot XML", e.getMessage());
    }
}
