package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Addresses as libvirt 9.0 read and wrote them (each pair was defined on its test driver and dumped). */
class InetTextTest {

    @ParameterizedTest
    @CsvSource({"10.1,10.0.0.1", "0x0a.0.0.1,10.0.0.1", "010.0.0.1,8.0.0.1", "4294967295,255.255.255.255",
        "1.16777215,1.255.255.255", "192.168.122.2,192.168.122.2"})
    void ipv4(String in, String out) {
        assertEquals(out, InetText.ipv4(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1 ", " 10.0.0.1", "1.2.3.4.5", "08.0.0.1", "0x.0.0.1", "1.2.3.", "256.1.1.1", "", "fe80::1"})
    void notIpv4(String in) {
        assertNull(InetText.ipv4(in));
    }

    @ParameterizedTest
    @CsvSource({"2003:0db8:0:0:0:0:0:1,2003:db8::1", "::ffff:1.2.3.4,::ffff:1.2.3.4", "::1.2.3.4,::1.2.3.4",
        "1:0:0:1:0:0:0:1,1:0:0:1::1", "1:0:0:0:1:0:0:1,1::1:0:0:1", "0:0:0:0:0:0:0:0,::", "::,::",
        "1::2:3:4:5:6:7,1:0:2:3:4:5:6:7", "FE80::A,fe80::a", "::1,::1",
        "2003:db8:1:0:214:1234:fe0b:3596,2003:db8:1:0:214:1234:fe0b:3596"})
    void ipv6(String in, String out) {
        assertEquals(out, InetText.ipv6(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1::2:", "12345::", "1.2.3.4", "::1.2.3",
        "::01.2.3.4", "g::1", ""})
    void notIpv6(String in) {
        assertNull(InetText.ipv6(in));
    }
}
