package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;
import io.jvirt.core.tck.DriverFixture.Capability;

/**
 * The driver contract on the remote driver against libvirtd 9.0's test driver (a private daemon the
 * fixture starts): libvirtd decides, and the remote driver must pass its answers through unchanged.
 *
 * <p>libvirtd's test:///default lives as long as a connection holds it (testConnectOpen shares one
 * default driver by reference count), so the fixture holds one open for the suite, as a libvirtd
 * client with a long-lived connection does. Every capability is declared but HOST_UUIDS. Two checks
 * are replaced by what libvirtd 9.0 does itself, each named below: the suite's wording is newer
 * libvirt's (and jvirt's).
 */
class RemoteContractTest extends DriverContractTest {

    private static volatile String uri;

    @Override
    protected DriverFixture createFixture() throws Exception {
        PrivateLibvirtd libvirtd = PrivateLibvirtd.start();
        RemoteDriver driver = new RemoteDriver();
        uri = libvirtd.testUri();
        DriverConnection keeper;
        try {
            keeper = driver.open(new ConnectRequest(URI.create(uri), false));
        } catch (RuntimeException | Error e) {
            libvirtd.close();
            throw e;
        }
        return DriverFixture.of(driver, uri, RemoteLibvirtdTest::xml,
            (name, id) -> "<domain type='test'><name>" + name + "</name><uuid>" + id + "</uuid>"
                + "<memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
                + "<devices><graphics type='vnc' port='-1' passwd='" + DriverContractTest.SECRET + "'/></devices></domain>",
            EnumSet.complementOf(EnumSet.of(Capability.HOST_UUIDS)), () -> {
                keeper.close();
                libvirtd.close();
            })
            // read-only connections of the suite use the URI's read-write socket: the administrator
            // allows it by putting it in readonly.files.dir (ReadOnlyReach)
            .withReadOnlyFilesDir(libvirtd.socket().getParent());
    }

    private static Connector connector() {
        return StandaloneConnector.create(uri, new RemoteDriver());
    }

    /**
     * Exemption: libvirt 9.0's virXMLCheckIllegalChars prints the character itself ("invalid char in
     * name: \n"); the suite's "0x0a" is newer libvirt's wording. Still refused with XML_DETAIL, and
     * nothing defined.
     */
    @Override
    @Test
    public void aNameWithANewlineIsRefusedAndNothingIsDefined() {
        try (Connection c = connector().open(uri)) {
            String name = "tck-newline-" + UUID.randomUUID().toString().substring(0, 8) + "\nsecond-line";
            VirtException e = assertThrows(VirtException.class, () -> c.defineXml(RemoteLibvirtdTest.xml(name, UUID.randomUUID())));
            assertEquals(ErrorCode.XML_DETAIL, e.code());
            assertEquals("invalid char in name: \n", e.getMessage());
            assertTrue(c.listAllDomains().stream().noneMatch(d -> d.name().equals(name)), "nothing defined");
        }
    }

    /**
     * Exemption: libvirt 9.0's test driver answers virDomainIsUpdated with 0 whatever the definitions
     * (testDomainIsUpdated returns 0). The rest of the check holds: a define while running changes the
     * persistent definition only, which is the definition once the domain stops.
     */
    @Override
    @Test
    public void aRunningDomainIsUpdatedWhenItsDefinitionChangesUntilItStopsAgain() {
        try (Connection c = connector().open(uri)) {
            String name = "tck-updated-" + UUID.randomUUID().toString().substring(0, 8);
            UUID id = UUID.randomUUID();
            Domain d = c.defineXml(RemoteLibvirtdTest.xml(name, id));
            d.create();
            c.defineXml(RemoteLibvirtdTest.xml(name, id).replace("</domain>", "<description>changed while running</description></domain>"));
            assertFalse(d.isUpdated(), "libvirtd 9.0's test driver: always 0");
            assertFalse(d.xmlDesc().contains("changed while running"), "the live definition is the running one");
            assertTrue(d.xmlDesc(XmlFlag.INACTIVE).contains("changed while running"));
            d.destroy();
            assertTrue(d.xmlDesc().contains("changed while running"));
            d.undefine();
        }
    }
}
