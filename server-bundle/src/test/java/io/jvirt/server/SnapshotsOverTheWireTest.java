package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jvirt.core.kit.HostCommand;

/**
 * The snapshot family with real virsh 9.0: one session against libvirt's own test driver and
 * against jvirt's server, outputs compared (creation times of snapshots made now masked on both
 * sides, as libvirt's own virsh tests filter {@code <creationTime>}).
 */
class SnapshotsOverTheWireTest {

    /** The test domain as a redefinition carries it (libvirt's test:///default domain "test"). */
    private static final String DOMAIN = "<domain type='test'><name>test</name><uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>"
        + "<memory>8388608</memory><currentMemory>2097152</currentMemory><vcpu>2</vcpu><os><type>hvm</type></os>"
        + "<devices><disk type='file' device='disk'><source file='/guest/diskimage1'/><target dev='vda' bus='virtio'/></disk>"
        + "</devices></domain>";

    @RegisterExtension
    final VirshWire wire = new VirshWire();

    /** Times of snapshots taken now (after 2020) differ between the two runs; a redefinition's fixed ones stay. */
    private static String masked(String output) {
        // libvirt's test driver runs in virsh's process and logs its warnings there (an older
        // snapshot without its domain); jvirt's server logs its own
        return LibvirtVirsh.masked(output)
            // (LibvirtVirsh.masked has turned their time and pid into placeholders)
            .replaceAll("(?m)^\\(time\\): \\(pid\\): (info|warning) : .*\\n", "")
            .replaceAll("20[2-9]\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}", "YYYY-MM-DD HH:MM:SS +ZZZZ")
            .replaceAll("<creationTime>1[6-9]\\d{8}</creationTime>", "<creationTime>(masked)</creationTime>");
    }

    private void sameAsLibvirt(String uri, String... args) throws IOException {
        HostCommand.Result libvirt = wire.virsh("test:///default", args);
        HostCommand.Result ours = wire.virsh(uri, args);
        assertEquals(masked(libvirt.output()), masked(ours.output()), "virsh " + String.join(" ", args));
        assertEquals(libvirt.status(), ours.status(), "exit status");
    }

    private Path write(String name, String xml) throws IOException {
        Path p = wire.tmp().resolve(name);
        Files.writeString(p, xml);
        return p;
    }

    private static String snapshotXml(String name, String parent, long created) {
        return "<domainsnapshot><name>" + name + "</name><state>running</state>"
            + (parent == null ? "" : "<parent><name>" + parent + "</name></parent>")
            + "<creationTime>" + created + "</creationTime><memory snapshot='internal'/>"
            + "<disks><disk name='vda' snapshot='internal'/></disks>" + DOMAIN + "</domainsnapshot>";
    }

    private static String checkpointXml(String name, String parent, long created) {
        return "<domaincheckpoint><name>" + name + "</name>"
            + (parent == null ? "" : "<parent><name>" + parent + "</name></parent>")
            + "<creationTime>" + created + "</creationTime><disks><disk name='vda' checkpoint='bitmap' bitmap='" + name
            + "'/></disks>" + DOMAIN + "</domaincheckpoint>";
    }

    /**
     * A tree of eight snapshots made by creates and reverts through running, paused and shut-off
     * states (names whose order by name and by topology differ), every listing and query, the
     * errors, and deletes of each kind.
     */
    @Test
    void aTreeOfSnapshotsInOneSession() throws IOException {
        String build = "snapshot-create-as test zeta; snapshot-create-as test Alpha --description first; snapshot-create-as test mid;"
            + " snapshot-revert test zeta; snapshot-create-as test beta; snapshot-create-as test omega;"
            + " snapshot-revert test Alpha; suspend test; snapshot-create-as test delta; snapshot-revert test beta;"
            + " domstate test --reason; snapshot-create-as test gamma; destroy test; snapshot-create-as test Kappa;"
            + " domstate test --reason; snapshot-revert test delta; domstate test --reason; snapshot-revert test gamma;"
            + " domstate test --reason; snapshot-revert test Kappa; domstate test --reason; snapshot-revert test omega --paused;"
            + " domstate test --reason; snapshot-revert test Kappa --running; snapshot-revert test Kappa --running --force;"
            + " domstate test --reason; snapshot-revert test --current --paused; domstate test --reason;"
            + " snapshot-revert test --current --running; domstate test --reason; snapshot-revert test gamma; ";
        String errors = "snapshot-create-as test mid; checkpoint-create-as test c1; snapshot-delete test mid --metadata;"
            + " snapshot-parent test zeta; snapshot-list test --roots --from zeta; snapshot-list test --descendants;"
            + " snapshot-info test; snapshot-dumpxml test nosuch; ";
        String lists = "snapshot-list test; snapshot-list test --parent; snapshot-list test --tree; snapshot-list test --roots;"
            + " snapshot-list test --leaves; snapshot-list test --no-leaves --parent; snapshot-list test --from beta;"
            + " snapshot-list test --from beta --descendants; snapshot-list test --from beta --descendants --topological;"
            + " snapshot-list test --topological --name; snapshot-list test --name; snapshot-list test --current --name;"
            + " snapshot-list test --from Alpha --tree; snapshot-list test --current --tree; snapshot-list test --inactive;"
            + " snapshot-list test --active --name; snapshot-list test --internal --name; snapshot-list test --external;"
            + " snapshot-list test --metadata --name; snapshot-list test --no-metadata --name; ";
        String queries = "snapshot-current test --name; snapshot-current test delta; snapshot-current test --name;"
            + " snapshot-info test gamma; snapshot-info test --current; snapshot-info test Kappa; snapshot-parent test Kappa;"
            + " snapshot-parent test --current; snapshot-dumpxml test delta; snapshot-dumpxml test Kappa --security-info;"
            + " snapshot-current test; ";
        String deletes = "snapshot-delete test --current; snapshot-current test --name; snapshot-delete test beta --children-only;"
            + " snapshot-list test --tree; snapshot-delete test Alpha; snapshot-list test --parent; snapshot-info test mid;"
            + " snapshot-delete test zeta --children; snapshot-list test --name; snapshot-current test";
        sameAsLibvirt(wire.jvirt(), build + errors + lists + queries + deletes);
    }

    /** Redefinitions must come parents first (libvirt's words otherwise), a redefinition with --current becomes current. */
    @Test
    void redefinitionInTopologicalOrder() throws IOException {
        Path r1 = write("r1.xml", snapshotXml("r1", null, 1500000000));
        Path r2 = write("r2.xml", snapshotXml("r2", "r1", 1500000100));
        Path r3 = write("r3.xml", snapshotXml("r3", "r1", 1500000200));
        // an older snapshot's XML without its domain, and broken redefinitions
        Path bare = write("bare.xml", "<domainsnapshot><name>bare</name><state>running</state><creationTime>5</creationTime>"
            + "</domainsnapshot>");
        Path noTime = write("notime.xml", "<domainsnapshot><name>x</name><state>running</state></domainsnapshot>");
        Path noState = write("nostate.xml", "<domainsnapshot><name>x</name><creationTime>5</creationTime></domainsnapshot>");
        Path badState = write("badstate.xml", "<domainsnapshot><name>x</name><creationTime>5</creationTime><state>nostate</state>"
            + "</domainsnapshot>");
        sameAsLibvirt(wire.jvirt(), "snapshot-create test " + r2 + " --redefine; snapshot-list test --name; snapshot-create test "
            + r1 + " --redefine; snapshot-current test --name; snapshot-create test " + r2 + " --redefine --current;"
            + " snapshot-create test " + r3 + " --redefine; snapshot-current test --name; snapshot-list test --parent;"
            + " snapshot-list test --tree; snapshot-dumpxml test r2; snapshot-info test r2; snapshot-create test " + r1
            + " --redefine; snapshot-list test --tree; snapshot-create-as test r4; snapshot-parent test r4;"
            + " snapshot-revert test r3; domstate test --reason; snapshot-current test --name; snapshot-create test " + bare
            + " --redefine; snapshot-create test " + noTime + " --redefine; snapshot-create test " + noState + " --redefine;"
            + " snapshot-create test " + badState + " --redefine; snapshot-create test " + r1 + " --current;"
            + " snapshot-create test " + r1 + " --redefine --halt");
    }

    /** The checkpoint equivalent: parents first, and no checkpoint while snapshots exist and the other way round. */
    @Test
    void checkpointRedefinitionInTopologicalOrder() throws IOException {
        Path c1 = write("c1.xml", checkpointXml("c1", null, 1500000000));
        Path c2 = write("c2.xml", checkpointXml("c2", "c1", 1500000100));
        Path bare = write("c3.xml", "<domaincheckpoint><name>c3</name><parent><name>c2</name></parent>"
            + "<creationTime>1500000200</creationTime></domaincheckpoint>");
        Path noName = write("c4.xml", "<domaincheckpoint/>");
        sameAsLibvirt(wire.jvirt(), "checkpoint-create test " + c2 + " --redefine; checkpoint-create test " + c1 + " --redefine;"
            + " checkpoint-create test " + c2 + " --redefine; checkpoint-create test " + bare + " --redefine;"
            + " checkpoint-create test " + noName + " --redefine; checkpoint-dumpxml test c3;"
            + " checkpoint-list test --parent; checkpoint-list test --tree;"
            + " checkpoint-dumpxml test c2 --no-domain; snapshot-create-as test s1; checkpoint-delete test c1 --children;"
            + " snapshot-create-as test s1; checkpoint-create test " + c1 + " --redefine");
    }

    /**
     * The listing's snapshot filters; an inactive domain with snapshots is undefined only with
     * --snapshots-metadata (virsh asks the count first).
     */
    @Test
    void undefineWithSnapshots() throws IOException {
        sameAsLibvirt(wire.jvirt(), "list --with-snapshot --name; list --without-snapshot --name; snapshot-create-as test s1;"
            + " list --with-snapshot; list --without-snapshot --all; undefine test; destroy test; undefine test; list --all;"
            + " undefine test --snapshots-metadata; list --all");
    }

    /**
     * Halting after a snapshot, a transient domain's rules, an inactive defined domain's snapshots
     * (an empty CD-ROM is not snapshotted). The domains' buses and addresses are written out:
     * filling them in is the domain parser's business, not the snapshots'.
     */
    @Test
    void haltTransientAndInactiveDomains() throws IOException {
        String dom = "<domain type='test'><name>%s</name><uuid>%s</uuid><memory>65536</memory><os><type>hvm</type></os>"
            + "<devices><disk type='file' device='disk'><source file='/guest/%s.img'/><target dev='vda' bus='virtio'/></disk>"
            + "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/>"
            + "<address type='drive' controller='0' bus='1' target='0' unit='0'/></disk><controller type='ide' index='0'/>"
            + "</devices></domain>";
        Path transientXml = write("t1.xml", dom.formatted("t1", "6f1f6c2e-8a61-4d4e-9d8b-8d5e0f7a1c11", "t1"));
        Path definedXml = write("d1.xml", dom.formatted("d1", "6f1f6c2e-8a61-4d4e-9d8b-8d5e0f7a1c12", "d1"));
        sameAsLibvirt(wire.jvirt(), "snapshot-create-as test h1 --halt; domstate test --reason; snapshot-revert test h1;"
            + " domstate test --reason; create " + transientXml + "; snapshot-create-as t1 ts1;"
            + " snapshot-create-as t1 ts2 --halt; snapshot-dumpxml t1 ts1; snapshot-revert t1 ts1; domstate t1 --reason;"
            + " define " + definedXml + "; snapshot-create-as d1 ds1 --description off; snapshot-info d1 ds1;"
            + " snapshot-revert d1 ds1 --running; domstate d1 --reason; start d1; snapshot-create-as d1 ds2;"
            + " snapshot-revert d1 ds1; domstate d1 --reason; snapshot-list d1 --parent; snapshot-dumpxml d1 ds2");
    }

    /** A read-only client may list and read snapshots but not make, revert or delete them, libvirt's words. */
    @Test
    void readOnlySocketRefusesChanges() throws IOException {
        String ro = "test+unix:///default?socket=" + wire.socket().resolveSibling("libvirt-sock-ro");
        HostCommand.Result made = wire.virsh(wire.jvirt(), "snapshot-create-as test s1");
        assertEquals(0, made.status(), made.output());
        HostCommand.Result refused = wire.virsh(ro, "snapshot-create-as test s2");
        assertTrue(refused.output().contains("error: operation forbidden: read only access prevents virDomainSnapshotCreateXML"),
            refused.output());
        HostCommand.Result delete = wire.virsh(ro, "snapshot-delete test s1");
        assertTrue(delete.output().contains("read only access prevents virDomainSnapshotDelete"), delete.output());
        HostCommand.Result revert = wire.virsh(ro, "snapshot-revert test s1");
        assertTrue(revert.output().contains("read only access prevents virDomainRevertToSnapshot"), revert.output());
        assertEquals("s1", wire.virsh(ro, "snapshot-list test --name").text().strip());
        assertEquals("s1", wire.virsh(ro, "snapshot-current test --name").text().strip());
    }
}
