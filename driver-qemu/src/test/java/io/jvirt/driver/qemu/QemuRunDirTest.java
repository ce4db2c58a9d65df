package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Monitor sockets must fit a UNIX socket path however deep the container's data directory is. */
class QemuRunDirTest {

    @Test
    void shortRootKeepsItsOwnRunDirectory() {
        Path root = Path.of("/var/lib/jvirt/qemu/system");
        assertEquals(root.resolve("run"), QemuHost.runDir(root));
    }

    @Test
    void deepRootGetsAShortRunDirectoryOfItsOwn() {
        Path deep = Path.of("/work/a/very/long/path/to/an/unpacked/karaf/distribution/karaf-dist-0.1.0-SNAPSHOT/data/jvirt/qemu/system");
        Path other = Path.of("/work/another/very/long/path/to/an/unpacked/karaf/distribution/karaf-dist-0.1.0-SNAPSHOT/data/jvirt/qemu/system");
        Path run = QemuHost.runDir(deep);
        String socket = run.resolve("eb9c2b49-9605-49cf-b0b4-475f15765985.qmp").toString();
        assertTrue(socket.length() <= 107, socket);
        assertEquals(run, QemuHost.runDir(deep), "the same root always maps to the same directory");
        assertNotEquals(run, QemuHost.runDir(other), "two roots never share one");
    }
}
