package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** socat address values: a domain name or a path stays one value, never more options or addresses. */
class ConsoleRelayTest {

    @Test
    void everySocatMetacharacterIsEscaped() {
        assertEquals("/var/lib/jvirt/run/web-1_a.pty", ConsoleRelay.socatValue("/var/lib/jvirt/run/web-1_a.pty"));
        assertEquals("/run/c\\,rawer\\,link\\=x.pty", ConsoleRelay.socatValue("/run/c,rawer,link=x.pty"));
        assertEquals("/run/a\\!\\!b\\:c.pty", ConsoleRelay.socatValue("/run/a!!b:c.pty"));
        assertEquals("/s\\ t/\\'q\\\"\\(\\)\\[\\]\\{\\}\\\\.pty", ConsoleRelay.socatValue("/s t/'q\"()[]{}\\.pty"));
    }
}
