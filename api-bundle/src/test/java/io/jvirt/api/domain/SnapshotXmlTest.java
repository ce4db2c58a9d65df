package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.LibvirtSchemas;

/**
 * libvirt's snapshot XML beyond its qemudomainsnapshotxml2xmltest vectors (those run from the
 * MANIFEST in {@link SnapshotXml2XmlConformanceTest}): a redefinition with its domain, a new
 * snapshot's defaults, and snapshot_conf.c's refusals.
 */
class SnapshotXmlTest {

    private static final String UUID = "9d37b878-a7cc-9f9a-b78f-49b3abad25a8";

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

    private static VirtException refused(String xml, SnapshotXml.Options options) {
        return assertThrows(VirtException.class, () -> SnapshotXml.parse(xml, options));
    }

    private static SnapshotXml.Options fresh() {
        return new SnapshotXml.Options(DomainXml::parse).now(5);
    }

    @Test
    void memoryAndDiskRefusalsAreSnapshotConfs() {
        assertEquals("XML error: 'manual' memory snapshot mode not supported",
            refused("<domainsnapshot><memory snapshot='manual'/></domainsnapshot>", fresh()).getMessage());
        assertEquals("XML error: memory snapshot file path (rel.img) must be absolute",
            refused("<domainsnapshot><memory file='rel.img'/></domainsnapshot>", fresh()).getMessage());
        assertEquals("XML error: memory filename '/m' requires external snapshot",
            refused("<domainsnapshot><memory snapshot='internal' file='/m'/></domainsnapshot>", fresh()).getMessage());
        assertEquals("XML error: memory state cannot be saved with offline or disk-only snapshot",
            refused("<domainsnapshot><memory snapshot='internal'/></domainsnapshot>", fresh().offline(true)).getMessage());
        assertEquals("XML error: Invalid value for attribute 'snapshot' in element 'disk': 'sideways'.",
            refused("<domainsnapshot><disks><disk name='vda' snapshot='sideways'/></disks></domainsnapshot>", fresh())
                .getMessage());
        assertEquals("XML error: unsupported disk snapshot type 'volume'",
            refused("<domainsnapshot><disks><disk name='vda' type='volume'/></disks></domainsnapshot>", fresh()).getMessage());
        VirtException driver = refused(
            "<domainsnapshot><disks><disk name='vda'><driver type='floppy'/></disk></disks></domainsnapshot>", fresh());
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, driver.code());
        assertEquals("unsupported configuration: unknown disk snapshot driver 'floppy'", driver.getMessage());
        assertEquals("XML error: disk snapshot image path 'new.qcow2' must be absolute",
            refused("<domainsnapshot><disks><disk name='vda'><source file='new.qcow2'/></disk></disks></domainsnapshot>", fresh())
                .getMessage());
        assertEquals(ErrorCode.INTERNAL_ERROR,
            refused("<domainsnapshot><disks><disk snapshot='no'/></disks></domainsnapshot>", fresh()).code());
        assertEquals("internal error: Could not find 'active' element",
            refused("<domainsnapshot><name>a</name></domainsnapshot>", fresh().internal(true)).getMessage());
    }

    @Test
    void aRedefinitionKeepsADeletionInProgressAndADriverCookieOnlyWithItsCallbacks() {
        String xml = "<domainsnapshot><name>s</name><state>running</state><creationTime>3</creationTime>"
            + "<disks><disk name='vda' snapshot='external'><snapshotDeleteInProgress/><source file='/a.qcow2'/>"
            + "<driver type='qcow2'/></disk></disks><cookie><slirpHelper/></cookie></domainsnapshot>";
        SnapshotDef plain = SnapshotXml.parse(xml, new SnapshotXml.Options(DomainXml::parse).redefine(true));
        assertNull(plain.cookie());
        assertEquals("<domainsnapshot>\n  <name>s</name>\n  <state>running</state>\n  <creationTime>3</creationTime>\n"
            + "  <memory snapshot='internal'/>\n  <disks>\n    <disk name='vda' snapshot='external' type='file'>\n"
            + "      <snapshotDeleteInProgress/>\n      <driver type='qcow2'/>\n      <source file='/a.qcow2'/>\n"
            + "    </disk>\n  </disks>\n</domainsnapshot>\n", SnapshotXml.format(plain, null, false));
        SnapshotDef qemu = SnapshotXml.parse(xml, new SnapshotXml.Options(DomainXml::parse).redefine(true)
            .saveCookie(SnapshotXml.QEMU_SAVE_COOKIE));
        assertEquals("<slirpHelper/>\n", qemu.cookie());
        // a new snapshot's parse does not read a deletion in progress
        SnapshotDef fresh = SnapshotXml.parse(xml, fresh());
        assertEquals(false, fresh.disks().get(0).deleteInProgress());
    }

    @Test
    void theValidateParseRefusesWhatTheSchemaDoesNotList() {
        assertEquals(ErrorCode.XML_INVALID_SCHEMA,
            refused("<domainsnapshot><bogus/></domainsnapshot>", fresh().validate(true)).code());
        assertEquals(ErrorCode.XML_INVALID_SCHEMA,
            refused("<domainsnapshot><state>pmsuspended</state></domainsnapshot>", fresh().validate(true)).code());
        String ok = "<domainsnapshot><name>n</name><disks><disk name='vda' type='block'><source dev='/dev/x'/>"
            + "<driver type='qcow2'/></disk></disks></domainsnapshot>";
        assertEquals("n", SnapshotXml.parse(ok, fresh().validate(true)).name());
        LibvirtSchemas.require();
        LibvirtSchemas.assertValid("domainsnapshot.rng", ok, "a block disk's new image");
    }
}
