package io.jvirt.driver.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/** What xl prints is read strictly, and an xl that hangs or fails never hangs the driver. */
class XlTest {

    @TempDir
    Path tmp;

    @Test
    void xlsTableIsReadByItsColumnsAndAnythingElseIsAnError() {
        String table = Xl.LIST_HEADER + "\n"
            + "Domain-0                                     0  2048     2     r-----     123.4\n"
            + "a name with spaces 7                         9    64     1     ---sc-       0.5\n";
        List<Xl.Entry> l = Xl.parseList("some warning on stderr\n" + table);
        assertEquals(2, l.size());
        assertEquals(new Xl.Entry("a name with spaces 7", 9, 64, 1, "---sc-", 0.5), l.get(1));
        assertTrue(l.get(1).shutdown());
        assertEquals('c', l.get(1).reason());
        VirtException noTable = assertThrows(VirtException.class, () -> Xl.parseList("xl: command not found\n"));
        assertEquals(ErrorCode.INTERNAL_ERROR, noTable.code());
        VirtException bad = assertThrows(VirtException.class, () -> Xl.parseList(table + "evil  1 2 3 rbpsXd 1.0\n"));
        assertTrue(bad.getMessage().contains("unexpected line in xl list"), bad.getMessage());
    }

    private Path script(String body) throws Exception {
        Path f = tmp.resolve("xl");
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        return f;
    }

    @Test
    void anXlThatHangsIsKilledAtTheDeadlineAndTheDriverSaysSo() throws Exception {
        Path xl = script("exec sleep 600");
        XenDriver d = new XenDriver(new XenSettings(xl, tmp.resolve("cfg"), tmp.resolve("state"), 1000, 100, false));
        VirtException e = assertThrows(VirtException.class,
            () -> d.open(new io.jvirt.core.spi.ConnectRequest(java.net.URI.create("xen:///system"), false)));
        assertTrue(e.getMessage().contains("did not finish in 1000 ms"), e.getMessage());
    }

    @Test
    void anXlThatFailsGivesItsOwnWordsAtConnect() throws Exception {
        Path xl = script("echo 'xencall: error: Could not obtain handle on privileged command interface: No such file or directory' >&2; exit 1");
        XenDriver d = new XenDriver(new XenSettings(xl, tmp.resolve("cfg"), tmp.resolve("state"), 5000, 100, false));
        VirtException e = assertThrows(VirtException.class,
            () -> d.open(new io.jvirt.core.spi.ConnectRequest(java.net.URI.create("xen:///system"), false)));
        assertTrue(e.getMessage().contains("Could not obtain handle on privileged command interface"), e.getMessage());
        assertTrue(e.getMessage().contains("Xen state driver is not active: operation failed: xl info failed: "), e.getMessage());
    }

    @Test
    void otherPathsAndHostsAreNotThisDriversOrAreRefused() throws Exception {
        XenDriver d = new XenDriver(new XenSettings(tmp.resolve("none"), tmp.resolve("cfg"), tmp.resolve("state"), 1000, 100, false));
        assertEquals(null, d.open(new io.jvirt.core.spi.ConnectRequest(java.net.URI.create("qemu:///system"), false)));
        assertEquals(null, d.open(new io.jvirt.core.spi.ConnectRequest(java.net.URI.create("xen://remote/system"), false)));
        VirtException e = assertThrows(VirtException.class,
            () -> d.open(new io.jvirt.core.spi.ConnectRequest(java.net.URI.create("xen:///session"), false)));
        assertTrue(e.getMessage().contains("Unexpected Xen URI path '/session', try xen:///system"), e.getMessage());
    }
}
