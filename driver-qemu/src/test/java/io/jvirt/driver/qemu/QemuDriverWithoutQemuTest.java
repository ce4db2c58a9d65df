package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connector;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/** A machine without QEMU: the driver activates, opening a connection names the missing binary. */
class QemuDriverWithoutQemuTest {

    @TempDir
    Path dir;

    @Test
    void activatesAndFailsToOpenNamingTheEmulator() {
        QemuDriver driver = new QemuDriver(QemuLifecycleTest.settings(dir).withEmulator("/nonexistent/qemu-system-x86_64"));
        try {
            Connector c = StandaloneConnector.create(null, driver);
            VirtException e = assertThrows(VirtException.class, () -> c.open("qemu:///system"));
            assertEquals(ErrorCode.SYSTEM_ERROR, e.code());
            assertTrue(e.getMessage().contains("Cannot find QEMU binary /nonexistent/qemu-system-x86_64"), e.getMessage());
            VirtException bad = assertThrows(VirtException.class, () -> c.open("qemu:///elsewhere"));
            assertEquals(ErrorCode.INVALID_ARG, bad.code());
        } finally {
            driver.deactivate();
        }
    }
}
