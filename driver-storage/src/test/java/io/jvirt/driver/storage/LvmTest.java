package io.jvirt.driver.storage;

import static io.jvirt.driver.storage.QemuImgTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;

/** LVM's argv and --config: scoped to the pool's devices, udev off without udev, names checked. */
class LvmTest {

    @Test
    void theConfigAcceptsOnlyThePoolsDevicesAndSwitchesUdevOff() {
        Lvm lvm = new Lvm(1000, 1000, List.of("/dev/loop3", "/dev/disk/by-id/a.b+c"), true, false);
        assertEquals("devices{filter=[\"a|^/dev/loop3$|\",\"a|^/dev/disk/by-id/a[.]b[+]c$|\",\"r|.*|\"] "
            + "global_filter=[\"a|^/dev/loop3$|\",\"a|^/dev/disk/by-id/a[.]b[+]c$|\",\"r|.*|\"] use_devicesfile=0 "
            + "obtain_device_list_from_udev=0} activation{udev_sync=0 udev_rules=0}", lvm.config());
        assertEquals(List.of(Lvm.LVM, "vgs", "--config", lvm.config(), "--driverloaded", "n", "vg0"), lvm.argv("vgs", List.of("vg0")));
        Lvm withUdev = new Lvm(1000, 1000, List.of("/dev/sdb"), false, true);
        assertEquals("devices{filter=[\"a|^/dev/sdb$|\",\"r|.*|\"] global_filter=[\"a|^/dev/sdb$|\",\"r|.*|\"] use_devicesfile=0}",
            withUdev.config());
        assertEquals(List.of(Lvm.LVM, "vgs", "--config", withUdev.config(), "vg0"), withUdev.argv("vgs", List.of("vg0")));
    }

    @Test
    void devicesAndNamesThatCouldBreakOutAreRefused() {
        for (String bad : List.of("/dev/sdb|", "/dev/sd\"b", "dev/sdb", "/dev/../etc/x", "/dev/sdb ", "/dev/a$b", "/dev/a]b")) {
            assertError(ErrorCode.INVALID_ARG, "is not a plain absolute path", () -> new Lvm(1000, 1000, List.of(bad), true, true));
        }
        for (String bad : List.of("-x", "a b", "a/b", "..", "x".repeat(200), "a\"b")) {
            assertError(ErrorCode.OPERATION_INVALID, "is not a valid LVM name", () -> Lvm.checkName("volume", bad));
        }
        Lvm.checkName("volume", "ok_1.2+3-x");
    }
}
