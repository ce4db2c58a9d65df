package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connector;
import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.NetworkDhcpLease.AddressType;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.spi.NetworkRef;

/**
 * net-dhcp-leases' table as virsh prints it (cmdNetworkDHCPLeases): sorted by MAC address ignoring
 * case, expiry in local time, address with its prefix, "-" for what a lease lacks. The test driver
 * has no leases (libvirt's has none either), so a driver of this test's own hands them out.
 */
class NetDhcpLeasesTest {

    /** A driver with one network, "lan", whose leases are {@link #LEASES}; the MAC filter is the driver's. */
    static final class LeaseDriver implements HypervisorDriver {
        final List<String> macsAsked = new ArrayList<>();

        @Override
        public String name() {
            return "leases";
        }

        @Override
        public DriverConnection open(ConnectRequest request) {
            if (!"leases".equals(request.scheme())) {
                return null;
            }
            return new DriverConnection() {
                @Override
                public String type() {
                    return "LEASES";
                }

                @Override
                public void close() {
                }

                @Override
                public NetworkRef networkLookupByName(String name) {
                    return new NetworkRef(name, UUID.nameUUIDFromBytes(name.getBytes()));
                }

                @Override
                public List<NetworkDhcpLease> networkDhcpLeases(NetworkRef net, String mac, int flags) {
                    macsAsked.add(mac);
                    return LEASES.stream().filter(l -> mac == null || mac.equalsIgnoreCase(l.mac())).toList();
                }
            };
        }
    }

    static final List<NetworkDhcpLease> LEASES = List.of(
        new NetworkDhcpLease("virbr1", 1_767_225_600L, AddressType.IPV4, "52:54:00:BB:00:02", null, "10.0.0.12", 24,
            "guest-b", "01:52:54:00:bb:00:02"),
        new NetworkDhcpLease("virbr1", 1_767_229_200L, AddressType.IPV4, "52:54:00:aa:00:01", null, "10.0.0.11", 24,
            null, null),
        new NetworkDhcpLease("virbr1", 1_767_232_800L, AddressType.IPV6, null, "5", "fd00::5", 64, "v6", "00:04:aa"));

    @Test
    void leasesPrintAsVirshPrintsThem() {
        LeaseDriver driver = new LeaseDriver();
        Connector connector = StandaloneConnector.create("leases:///", driver);
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            NetDhcpLeases cmd = typed(new NetDhcpLeases(), "lan");
            cmd.zone = ZoneOffset.UTC;
            assertEquals("""
                 Expiry Time           MAC address         Protocol   IP address     Hostname   Client ID or DUID
                ------------------------------------------------------------------------------------------------------
                 2026-01-01 01:00:00   52:54:00:aa:00:01   ipv4       10.0.0.11/24   -          -
                 2026-01-01 00:00:00   52:54:00:BB:00:02   ipv4       10.0.0.12/24   guest-b    01:52:54:00:bb:00:02
                 2026-01-01 02:00:00   -                   ipv6       fd00::5/64     v6         00:04:aa
                """, ok(c.run(cmd)));
            NetDhcpLeases one = typed(new NetDhcpLeases(), "--mac 52:54:00:aa:00:01 lan");
            one.zone = ZoneOffset.UTC;
            assertEquals(3, ok(c.run(one)).lines().count());
            assertEquals(java.util.Arrays.asList(null, "52:54:00:aa:00:01"), driver.macsAsked);
        }
    }
}
