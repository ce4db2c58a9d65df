package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.network.NetworkDef;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.kit.net.NetworkBackend;
import io.jvirt.core.kit.net.NetworkHost;
import io.jvirt.core.kit.net.NetworkHostConnection;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * virNetworkGetDHCPLeases over the wire: real virsh's net-dhcp-leases reads a network's leases
 * through the server (NO_SUPPORT before), from a stand-in hypervisor whose networks follow libvirt's
 * network driver and whose DHCP server has handed out two leases.
 */
class LeasesOverTheWireTest {

    private static final String NET = "<network><name>lan</name><uuid>0d6e0a55-1c4b-4d7e-8d55-0000000000b1</uuid>"
        + "<bridge name='virbr77'/><ip address='192.168.77.1' prefix='24'/></network>";

    /** The leases a dnsmasq would have written (expiry in seconds since the epoch). */
    private static final List<NetworkDhcpLease> LEASES = List.of(
        new NetworkDhcpLease("virbr77", 1_900_000_000L, NetworkDhcpLease.AddressType.IPV4, "52:54:00:aa:00:02", null,
            "192.168.77.12", 24, "guest2", "01:52:54:00:aa:00:02"),
        new NetworkDhcpLease("virbr77", 1_900_000_100L, NetworkDhcpLease.AddressType.IPV4, "52:54:00:aa:00:01", null,
            "192.168.77.11", 24, null, null));

    /** lease:///system: a hypervisor whose one network is running and has the leases above. */
    static final class LeasingHypervisor implements HypervisorDriver {
        final NetworkHost host = new NetworkHost(new NetworkBackend() {
            @Override
            public List<NetworkDhcpLease> leases(NetworkDef def) {
                return LEASES;
            }
        }, "lease:///system", null, NetworkHost.Rules.NETWORK_DRIVER, 5_000);

        LeasingHypervisor() {
            host.createXml(NET, 0);
        }

        @Override
        public String name() {
            return "lease";
        }

        @Override
        public DriverConnection open(ConnectRequest request) {
            if (!"lease".equals(request.scheme())) {
                return null;
            }
            return new NetworkHostConnection() {
                @Override
                public NetworkHost networkHost() {
                    return host;
                }

                @Override
                public String type() {
                    return "LEASE";
                }

                @Override
                public String uri() {
                    return "lease:///system";
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @TempDir
    Path tmp;
    private RemoteServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/virsh")), "virsh (libvirt-clients) is not installed");
        socket = tmp.resolve("run/libvirt-sock");
        server = RemoteServer.start(StandaloneConnector.create(null, new LeasingHypervisor()), ServerSettings.defaults(socket));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HostCommand.Result virsh(String... args) throws IOException {
        // UTC, so that the expiry times print the same on any machine
        List<String> argv = new java.util.ArrayList<>(List.of("/usr/bin/virsh", "-c", "lease+unix:///system?socket=" + socket));
        argv.addAll(List.of(args));
        Files.createDirectories(tmp.resolve("home"));
        return HostCommand.run(argv, java.util.Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.resolve("home").toString(),
            "LC_ALL", "C", "TZ", "UTC"), 60_000, io.jvirt.api.ErrorDomain.NONE);
    }

    @Test
    void virshNetDhcpLeasesReadsTheNetworksLeases() throws IOException {
        HostCommand.Result all = virsh("net-dhcp-leases", "lan");
        assertEquals(0, all.status(), all.output());
        assertEquals("""
             Expiry Time           MAC address         Protocol   IP address         Hostname   Client ID or DUID
            ----------------------------------------------------------------------------------------------------------
             2030-03-17 17:48:20   52:54:00:aa:00:01   ipv4       192.168.77.11/24   -          -
             2030-03-17 17:46:40   52:54:00:aa:00:02   ipv4       192.168.77.12/24   guest2     01:52:54:00:aa:00:02

            """, all.output());
        HostCommand.Result one = virsh("net-dhcp-leases", "lan", "--mac", "52:54:00:AA:00:02");
        assertEquals(0, one.status(), one.output());
        assertTrue(one.text().contains("192.168.77.12/24") && !one.text().contains("192.168.77.11"), one.text());
    }
}
