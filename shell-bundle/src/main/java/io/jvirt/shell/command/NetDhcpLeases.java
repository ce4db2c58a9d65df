package io.jvirt.shell.command;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Network;
import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.VirtException;

/** virsh's net-dhcp-leases: the leases sorted by MAC address (ignoring case), expiry in local time. */
@Command(scope = "virt", name = "net-dhcp-leases", description = "print lease info for a given network")
@Service
public class NetDhcpLeases extends NetworkCommand {

    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(name = "--mac", description = "MAC address")
    String mac;

    /** The zone expiry times are shown in: the host's, as virsh's g_date_time_new_from_unix_local. */
    ZoneId zone = ZoneId.systemDefault();

    @Override
    protected void run() throws Exception {
        Network n = lookupNetwork();
        List<NetworkDhcpLease> leases;
        try {
            leases = new ArrayList<>(n.dhcpLeases(mac));
        } catch (VirtException e) {
            throw failure("Failed to get leases info for " + network, e);
        }
        leases.sort(Comparator.comparing(l -> l.mac() == null ? null : l.mac(),
            Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER)));
        VirshTable t = new VirshTable("Expiry Time", "MAC address", "Protocol", "IP address", "Hostname",
            "Client ID or DUID");
        for (NetworkDhcpLease l : leases) {
            t.row(EXPIRY.format(Instant.ofEpochSecond(l.expiryTime()).atZone(zone)), dash(l.mac()),
                l.type() == NetworkDhcpLease.AddressType.IPV4 ? "ipv4" : "ipv6", l.ipAddress() + "/" + l.prefix(),
                dash(l.hostname()), dash(l.clientId()));
        }
        t.print(out());
    }

    /** virsh's NULLSTR_MINUS. */
    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
