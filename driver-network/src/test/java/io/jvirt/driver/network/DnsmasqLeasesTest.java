package io.jvirt.driver.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class DnsmasqLeasesTest {

    @Test
    void readsBothFamiliesAndSkipsWhatDoesNotParse() {
        List<DnsmasqLeases.Lease> leases = DnsmasqLeases.parse("""
                1765000000 52:54:00:11:22:33 10.231.7.101 guest1 01:52:54:00:11:22:33
                1765000001 52:54:00:44:55:66 10.231.7.102 * *
                1765000002 not-a-mac 10.231.7.103 evil *
                1765000003 52:54:00:44:55:77 10.231.7.999 evil *
                1765000004 52:54:00:44:55:88 10.231.7.104 bad\u0007name *
                duid 00:01:00:01:2c:aa:bb:cc:52:54:00:0a:0b:0c
                1765000005 12345 2001:db8::1:20 host6 00:03:00:01:52:54:00:11:22:33
                1765000006 abc 2001:db8::1:21 host7 *
                """);
        assertEquals(4, leases.size(), leases.toString());
        assertEquals(new DnsmasqLeases.Lease(1765000000L, false, "52:54:00:11:22:33", null, "10.231.7.101", "guest1",
                "01:52:54:00:11:22:33"), leases.get(0));
        assertNull(leases.get(1).hostname());
        assertNull(leases.get(2).hostname(), "a control character in a guest's hostname is dropped");
        assertEquals(new DnsmasqLeases.Lease(1765000005L, true, null, "12345", "2001:db8::1:20", "host6",
                "00:03:00:01:52:54:00:11:22:33"), leases.get(3));
    }
}
