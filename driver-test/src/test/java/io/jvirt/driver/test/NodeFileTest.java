package io.jvirt.driver.test;

import static io.jvirt.driver.test.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.VirtException;

/** test:///PATH: hosts loaded from libvirt's sample node files, each connection private. */
class NodeFileTest {

    private final Connector connector = Fixture.connector();

    private static String uri(String file) {
        return "test://" + Fixture.testDriverDir().resolve(file).toAbsolutePath();
    }

    /** testnode.xml: 4 nodes x 4 sockets x 4 cores x 2 threads = 128 CPUs, of which 50 active. */
    private static final NodeInfo NODE = new NodeInfo("i986", 8192000, 50, 6000, 4, 4, 4, 2);

    @Test
    void testnodeXmlLoadsNodeAndRunningDomainsFromFiles() {
        try (Connection c = connector.open(uri("testnode.xml"))) {
            assertEquals(NODE, c.nodeInfo());
            assertEquals(uri("testnode.xml"), c.uri());
            List<Domain> all = c.listAllDomains();
            assertEquals(List.of("fv0", "fc4", "fc5"), all.stream().map(Domain::name).toList());
            assertEquals(List.of(1, 2, 3), all.stream().map(Domain::id).toList());
            for (Domain d : all) {
                assertEquals(DomainState.RUNNING, d.state().state());
                assertTrue(d.isPersistent());
            }
            Domain fc4 = c.lookupByName("fc4");
            assertEquals("ef861801-45b9-11cb-88e3-afbfe5370493", fc4.uuidString());
            assertEquals(261072, fc4.info().maxMemoryKiB());
            assertEquals(131072, fc4.info().memoryKiB());
            assertEquals(1, fc4.info().vcpus());
            assertEquals("linux", fc4.osType());
            assertTrue(fc4.xmlDesc().contains("<target dev='testnet0'/>"), fc4.xmlDesc());
            assertEquals(4, c.lookupById(3).info().vcpus());
        }
    }

    @Test
    void inlineNodeFileHonoursTheTestNamespace() {
        try (Connection c = connector.open(uri("testnodeinline.xml"))) {
            assertEquals(NODE, c.nodeInfo());
            assertEquals(List.of("fv0", "fc4", "fc5"), c.listAllDomains().stream().map(Domain::name).toList());
            Domain fc5 = c.lookupByName("fc5");
            // <test:runstate>3</test:runstate>: loaded paused, still with an id
            assertEquals("paused (unknown)", fc5.state().toString());
            assertEquals(3, fc5.id());
            assertFalse(fc5.xmlDesc().contains("runstate"), fc5.xmlDesc());
            fc5.resume();
            assertEquals("running (unpaused)", fc5.state().toString());
        }
    }

    @Test
    void eachNodeFileConnectionIsPrivate() {
        try (Connection a = connector.open(uri("testnode.xml")); Connection b = connector.open(uri("testnode.xml"))) {
            a.lookupByName("fv0").destroy();
            assertTrue(b.lookupByName("fv0").isActive());
            assertNotSame(a, b);
        }
    }

    @Test
    void lifecycleTranscriptOfLibvirtsVirshTest() {
        // the API calls behind virshtestdata/lifecycle.in, with libvirt's outcomes
        try (Connection c = connector.open(uri("testnode.xml"))) {
            assertError(ErrorCode.INTERNAL_ERROR, "internal error: Domain 'fv0' is already running",
                () -> c.lookupByName("fv0").create());
            Domain fc4 = c.lookupByName("fc4");
            fc4.undefine();
            assertFalse(fc4.isPersistent());
            assertEquals(2, fc4.id());
            fc4.shutdown();
            assertThrows(VirtException.class, () -> c.lookupByName("fc4"));
            Domain fc5 = c.lookupById(3);
            fc5.undefine();
            fc5.shutdown();
            assertThrows(VirtException.class, () -> c.lookupByName("fc5"));
            Domain fv0 = c.lookupByName("fv0");
            fv0.shutdown();
            fv0.undefine();
            assertThrows(VirtException.class, () -> c.lookupByName("fv0"));
            assertTrue(c.listAllDomains().isEmpty());
        }
    }

    @Test
    void missingNodeFileIsAClearError() {
        VirtException e = assertThrows(VirtException.class, () -> connector.open("test:///no/such/node.xml"));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertEquals("XML error: failed to parse xml document '/no/such/node.xml': No such file or directory", e.getMessage());
    }

    @Test
    void readOnlyConnectionsLoadNodeFilesFromTheConfiguredDirectoryOnly(@TempDir Path dir) throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("viewer"));
        Path inside = Files.writeString(allowed.resolve("node.xml"), "<node><domain file='dom.xml'/></node>");
        Files.writeString(allowed.resolve("dom.xml"), "<domain type='test'><name>inside</name><memory>1024</memory><os><type>hvm</type></os></domain>");
        Path outside = Files.writeString(dir.resolve("node.xml"), "<node/>");
        Connector ro = io.jvirt.core.runtime.StandaloneConnector.create(null, allowed, new TestDriver());
        try (Connection c = ro.openReadOnly("test://" + inside)) {
            assertEquals("inside", c.lookupById(1).name());
        }
        assertError(ErrorCode.OPERATION_DENIED, "operation forbidden: cannot read '" + outside
            + "': read-only connections may read files under " + allowed.toRealPath() + " only", () -> ro.openReadOnly("test://" + outside));
        // /etc/shadow through a read-only connection: refused before the file is read
        VirtException shadow = assertThrows(VirtException.class, () -> ro.openReadOnly("test:///etc/shadow"));
        assertEquals(ErrorCode.OPERATION_DENIED, shadow.code());
        // a node file inside naming a domain file outside (by .. or by a link) is refused as well
        Files.writeString(dir.resolve("secret.xml"), "<domain type='test'><name>secret</name><memory>1</memory></domain>");
        Path escaping = Files.writeString(allowed.resolve("escape.xml"), "<node><domain file='../secret.xml'/></node>");
        assertEquals(ErrorCode.OPERATION_DENIED,
            assertThrows(VirtException.class, () -> ro.openReadOnly("test://" + escaping)).code());
        Files.createSymbolicLink(allowed.resolve("link.xml"), dir.resolve("secret.xml"));
        Path linking = Files.writeString(allowed.resolve("linking.xml"), "<node><domain file='link.xml'/></node>");
        assertEquals(ErrorCode.OPERATION_DENIED,
            assertThrows(VirtException.class, () -> ro.openReadOnly("test://" + linking)).code());
        // without a configured directory a read-only connection reads no node file; read-write ones read any
        assertEquals(ErrorCode.OPERATION_DENIED,
            assertThrows(VirtException.class, () -> connector.openReadOnly("test://" + inside)).code());
        try (Connection c = ro.open("test://" + outside)) {
            assertTrue(c.listAllDomains().isEmpty());
        }
    }

    @Test
    void parseErrorsNameTheFileAndLineNeverTheContent(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("n.xml"), "<node>\n<cpu>\n<root:$6$SECRETHASH:19000:0:99999:7:::\n</node>");
        VirtException e = assertThrows(VirtException.class, () -> connector.open("test://" + f));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("XML error: failed to parse xml document '" + f + "': not well-formed XML at line 3"),
            e.getMessage());
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
        assertFalse(e.getMessage().contains("root"), e.getMessage());
    }

    @Test
    void nodeFileProblemsUseLibvirtsWords(@TempDir Path dir) throws Exception {
        Path notNode = Files.writeString(dir.resolve("a.xml"), "<host/>");
        assertError(ErrorCode.XML_ERROR, "XML error: Root element is not 'node'", () -> connector.open("test://" + notNode));
        Path badCpu = Files.writeString(dir.resolve("b.xml"), "<node><cpu><sockets>two</sockets></cpu></node>");
        assertError(ErrorCode.XML_ERROR, "XML error: invalid node cpu sockets value", () -> connector.open("test://" + badCpu));
        Path badMem = Files.writeString(dir.resolve("c.xml"), "<node><memory>lots</memory></node>");
        assertError(ErrorCode.XML_ERROR, "XML error: invalid node memory value", () -> connector.open("test://" + badMem));
        Path missingDom = Files.writeString(dir.resolve("d.xml"), "<node><domain file='gone.xml'/></node>");
        VirtException e = assertThrows(VirtException.class, () -> connector.open("test://" + missingDom));
        assertTrue(e.getMessage().contains(dir.resolve("gone.xml").toString()), e.getMessage());
        Path malformed = Files.writeString(dir.resolve("e.xml"), "<node><domain>");
        assertEquals(ErrorCode.XML_ERROR,
            assertThrows(VirtException.class, () -> connector.open("test://" + malformed)).code());
        Path badRunstate = Files.writeString(dir.resolve("f.xml"), "<node><domain type='test' "
            + "xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><test:runstate>9</test:runstate>"
            + "<name>x</name><memory>1024</memory><os><type>hvm</type></os></domain></node>");
        assertError(ErrorCode.XML_ERROR, "XML error: runstate '9' out of range'", () -> connector.open("test://" + badRunstate));
    }

    @Test
    void emptyNodeFileGivesTheDefaultNodeAndNoDomains(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("n.xml"), "<node/>");
        try (Connection c = connector.open("test://" + empty)) {
            assertEquals(new NodeInfo("i686", 3145728, 16, 1400, 2, 2, 2, 2), c.nodeInfo());
            assertTrue(c.listAllDomains().isEmpty());
        }
    }

    @Test
    void namespaceStatesTransientAndManagedSave(@TempDir Path dir) throws Exception {
        String ns = "xmlns:test='http://libvirt.org/schemas/domain/test/1.0'";
        Path node = Files.writeString(dir.resolve("n.xml"), "<node>"
            + "<domain type='test' " + ns + "><name>off</name><memory>1024</memory><os><type>hvm</type></os>"
            + "<test:runstate>5</test:runstate><test:hasmanagedsave/></domain>"
            + "<domain type='test' " + ns + "><name>tr</name><memory>1024</memory><os><type>hvm</type></os>"
            + "<test:transient/></domain></node>");
        try (Connection c = connector.open("test://" + node)) {
            Domain off = c.lookupByName("off");
            assertEquals(DomainState.SHUTOFF, off.state().state());
            assertTrue(off.hasManagedSaveImage());
            assertEquals(-1, off.id());
            Domain tr = c.lookupByName("tr");
            assertFalse(tr.isPersistent());
            assertEquals(1, tr.id());
            tr.destroy();
            assertThrows(VirtException.class, () -> c.lookupByName("tr"));
        }
    }
}
