package io.jvirt.driver.bhyve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;

/** libvirt's bhyve rules beyond what the shared sample exercises, on definitions of this test's own. */
class BhyveConverterTest {

    private static final Set<BhyveCapability> ALL = EnumSet.allOf(BhyveCapability.class);

    private static DomainDef prepared(String os, String devices, String extra) {
        DomainDef def = DomainXml.parse("<domain type='bhyve'><name>guest1</name>"
            + "<uuid>00000000-1111-2222-3333-444444444444</uuid><memory>1048576</memory><vcpu>2</vcpu>" + extra
            + "<os><type>hvm</type>" + os + "</os><devices>" + devices + "</devices></domain>", true,
            BhyveXml2ArgvConformanceTest.mocked(ALL));
        BhyveDomainRules.prepare(def, ALL);
        BhyveXml2ArgvConformanceTest.mockProcessHalf(def);
        return def;
    }

    private static final String DISK = "<disk type='file'><source file='/vm/root.img'/>"
        + "<target dev='sda' bus='sata'/></disk>";

    @Test
    void lpcTakesSlotOneUnlessTheUserPutSomethingThere() {
        String nic = "<interface type='bridge'><mac address='52:54:00:aa:bb:cc'/><source bridge='br0'/>"
            + "<model type='virtio'/><address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>"
            + "</interface><serial type='nmdm'><source master='/dev/nmdm7A' slave='/dev/nmdm7B'/></serial>";
        List<String> argv = BhyveCommandBuilder.build(prepared("", DISK + nic, ""), ALL, "/m").bhyve();
        assertTrue(argv.contains("2:0,lpc"), argv.toString());
        assertTrue(argv.contains("3:0,ahci,hd:/vm/root.img"), argv.toString());
        assertTrue(argv.contains("1:0,virtio-net,faketapdev,mac=52:54:00:aa:bb:cc"), argv.toString());
        assertTrue(argv.contains("com1,/dev/nmdm7A"), argv.toString());
        assertEquals("guest1", argv.get(argv.size() - 1));
    }

    @Test
    void slotOneStaysFreeWithoutAnLpcDevice() {
        List<String> argv = BhyveCommandBuilder.build(prepared("", DISK, ""), ALL, "/m").bhyve();
        assertEquals(List.of("bhyve", "-c", "2", "-m", "1024", "-u", "-H", "-P", "-s", "0:0,hostbridge", "-s",
            "2:0,ahci,hd:/vm/root.img", "guest1"), argv);
    }

    @Test
    void customLoaderArgumentsAreSplitAtEverySpace() {
        DomainDef def = prepared("", DISK, "<bootloader>/opt/loader</bootloader>"
            + "<bootloader_args>--a 1  --b</bootloader_args>");
        BhyveCommands cmds = BhyveCommandBuilder.build(def, ALL, "/m");
        assertEquals(List.of("/opt/loader", "--a", "1", "", "--b"), cmds.loader());
        assertNull(cmds.deviceMap());
        assertEquals("loader \\\n--a 1 '' \\\n--b", BhyveArgvText.render(cmds.loader(), true, true));
    }

    @Test
    void grubBhyveGetsTheDeviceMapAndTheConsole() {
        DomainDef def = prepared("", DISK + "<disk type='file' device='cdrom'><source file='/iso/install.iso'/>"
            + "<target dev='sdb' bus='sata'/></disk><serial type='nmdm'><source master='/dev/nmdm3A' "
            + "slave='/dev/nmdm3B'/></serial>", "<bootloader>/usr/local/sbin/grub-bhyve</bootloader>");
        BhyveCommands cmds = BhyveCommandBuilder.build(def, ALL, "/run/map");
        assertEquals(List.of("/usr/local/sbin/grub-bhyve", "--root", "cd", "--device-map", "/run/map", "--memory",
            "1024", "--cons-dev", "/dev/nmdm3A", "guest1"), cmds.loader());
        assertEquals("(hd0) /vm/root.img\n(cd) /iso/install.iso\n", cmds.deviceMap());
        cmds = BhyveCommandBuilder.build(def, ALL, "/run/map", false);
        assertTrue(!cmds.loader().contains("--cons-dev"), cmds.loader().toString());
    }

    @Test
    void uefiDomainsHaveNoLoaderStep() {
        DomainDef def = prepared("<loader readonly='yes' type='pflash'>/fw/UEFI.fd</loader>", DISK, "");
        BhyveCommands cmds = BhyveCommandBuilder.build(def, ALL, "/m");
        assertTrue(cmds.loader().isEmpty());
        assertTrue(cmds.bhyve().contains("bootrom,/fw/UEFI.fd"), cmds.bhyve().toString());
        assertTrue(cmds.bhyve().contains("1:0,lpc"), cmds.bhyve().toString());
    }

    @Test
    void aStoredAndReloadedDefinitionBuildsTheSameCommandLines() {
        String devices = DISK + "<disk type='file'><source file='/vm/data.img'/><target dev='vda' bus='virtio'/></disk>"
            + "<interface type='bridge'><source bridge='br0'/><model type='virtio'/></interface>"
            + "<console type='nmdm'/><controller type='usb' model='nec-xhci'/><input type='tablet' bus='usb'/>";
        DomainDef def = prepared("", devices, "");
        BhyveCommands first = BhyveCommandBuilder.build(def, ALL, "/m");
        DomainDef again = DomainXml.parse(DomainXml.format(def), true, BhyveXml2ArgvConformanceTest.mocked(ALL));
        BhyveDomainRules.prepare(again, ALL);
        BhyveDomainRules.prepare(again, ALL);
        BhyveXml2ArgvConformanceTest.mockProcessHalf(again);
        assertEquals(first, BhyveCommandBuilder.build(again, ALL, "/m"));
        assertTrue(first.bhyve().contains("com1,/dev/nmdm00000000-1111-2222-3333-444444444444A"), first.bhyve().toString());
    }

    @Test
    void memorySizesAreReadAsBhyveReadsThem() {
        assertEquals(512 * 1024, BhyveArgvParser.memsizeKiB("512"));
        assertEquals(512 * 1024, BhyveArgvParser.memsizeKiB("512M"));
        assertEquals(2 * 1024 * 1024, BhyveArgvParser.memsizeKiB("2g"));
        assertEquals(2 * 1024 * 1024, BhyveArgvParser.memsizeKiB(Long.toString(2L << 30)));
    }

    @Test
    void fromNativeReadsLoaderAndDisks() {
        String xml = BhyveArgv.fromNative("/usr/sbin/bhyveload -m 1G -d /vm/b.img guest1\n"
            + "/usr/sbin/bhyve -c 2 -m 1G -A -H -P -s 0:0,hostbridge -s 3:0,virtio-blk,/vm/a.img "
            + "-s 4:0,virtio-blk,/vm/b.img -s 5:0,ahci-cd,/iso/x.iso guest1", ALL);
        DomainDef def = DomainXml.parse(xml);
        assertEquals("guest1", def.name());
        assertEquals(1024 * 1024, def.memoryKiB());
        assertEquals(3, def.disks().size());
        assertEquals("vdb", def.disks().get(1).targetDev());
        assertEquals(Integer.valueOf(1), def.disks().get(1).bootOrder());
        assertEquals("sda", def.disks().get(2).targetDev());
        assertTrue(def.features().isOn("acpi"));
    }
}
