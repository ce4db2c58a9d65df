package io.jvirt.driver.bhyve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.InterfaceDef;

/**
 * What bhyve cannot do is refused before anything runs, with libvirt's error code and wording;
 * values bhyve would misread are refused rather than passed on; no argument is ever a shell string.
 */
class BhyveRefusalTest {

    private static final Set<BhyveCapability> ALL = EnumSet.allOf(BhyveCapability.class);

    private static String domain(String os, String devices) {
        return "<domain type='bhyve'><name>vm</name><uuid>df3be7e7-a104-11e3-aeb0-50e5492bd3dc</uuid>"
            + "<memory>219136</memory><vcpu>1</vcpu><os><type>hvm</type>" + os + "</os><devices>" + devices
            + "</devices></domain>";
    }

    private static final String DISK = "<disk type='file'><source file='/tmp/freebsd.img'/>"
        + "<target dev='hda' bus='sata'/></disk>";

    private static BhyveCommands build(String xml, Set<BhyveCapability> caps) {
        DomainDef def = DomainXml.parse(xml, true, BhyveXml2ArgvConformanceTest.mocked(caps));
        BhyveDomainRules.prepare(def, caps);
        BhyveXml2ArgvConformanceTest.mockProcessHalf(def);
        return BhyveCommandBuilder.build(def, caps, "/run/jvirt/bhyve/grub_bhyve-vm-device.map");
    }

    private static VirtException refused(String xml, Set<BhyveCapability> caps) {
        return assertThrows(VirtException.class, () -> build(xml, caps));
    }

    @Test
    void onlyBhyveHvmGuestsAreAccepted() {
        VirtException e = refused(domain("", DISK).replace("type='bhyve'", "type='kvm'"), ALL);
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        assertEquals(e.code().format("could not find capabilities for ostype=hvm domaintype=kvm"), e.getMessage());
    }

    @Test
    void unknownDiskBusIsRefused() {
        VirtException e = refused(domain("", "<disk type='file'><source file='/tmp/a.img'/>"
            + "<target dev='sda' bus='scsi'/></disk>"), ALL);
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertEquals(e.code().format("unsupported disk device"), e.getMessage());
    }

    @Test
    void tooManyDevicesForThePciSlotsAreRefused() {
        StringBuilder disks = new StringBuilder();
        for (int i = 0; i < 31; i++) {
            disks.append("<disk type='file'><source file='/tmp/d").append(i).append(".img'/><target dev='vd")
                .append((char) ('a' + i / 26 == 'a' ? 'a' + i : 'a')).append(i >= 26 ? "" + (char) ('a' + i - 26) : "")
                .append("' bus='virtio'/></disk>");
        }
        VirtException e = refused(domain("", disks.toString()), ALL);
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertEquals(e.code().format("No more available PCI slots"), e.getMessage());
    }

    @Test
    void moreThan32SataDisksWithoutAhci32SlotRunOutOfSlots() {
        StringBuilder disks = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            disks.append("<disk type='file'><source file='/tmp/d").append(i).append(".img'/><target dev='sd")
                .append(name(i)).append("' bus='sata'/></disk>");
        }
        EnumSet<BhyveCapability> caps = EnumSet.allOf(BhyveCapability.class);
        caps.remove(BhyveCapability.AHCI32SLOT);
        VirtException e = refused(domain("", disks.toString()), caps);
        assertEquals(e.code().format("No more available PCI slots"), e.getMessage());
        // with 32 drives per AHCI controller the same disks need two slots
        assertEquals(2, build(domain("", disks.toString()), ALL).bhyve().stream().filter(a -> a.contains(",ahci,")).count());
    }

    private static String name(int i) {
        return i < 26 ? String.valueOf((char) ('a' + i)) : "a" + (char) ('a' + i - 26);
    }

    @Test
    void graphicsWithoutUefiAreRefused() {
        VirtException e = refused(domain("", DISK + "<graphics type='vnc' port='5904'>"
            + "<listen type='address' address='127.0.0.1'/></graphics><video><model type='gop'/></video>"), ALL);
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertEquals(e.code().format("Graphics are only supported when booting using UEFI"), e.getMessage());
        assertTrue(e.getMessage().contains("unsupported configuration"), e.getMessage());
    }

    @Test
    void doubleUseOfAPciSlotIsRefused() {
        String addr = "<address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>";
        VirtException e = refused(domain("", DISK + "<interface type='bridge'><source bridge='b'/><model type='virtio'/>"
            + addr + "</interface><interface type='bridge'><source bridge='b'/><model type='virtio'/>" + addr
            + "</interface>"), ALL);
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertEquals(e.code().format("Attempted double use of PCI Address 0000:00:03.0"), e.getMessage());
    }

    @Test
    void aCommaInADiskPathIsRefusedNotPassedToBhyve() {
        // bhyve splits -s values at commas: "/tmp/a,ro" would be the path /tmp/a plus an option
        VirtException e = refused(domain("", "<disk type='file'><source file='/tmp/a.img,ro'/>"
            + "<target dev='hda' bus='sata'/></disk>"), ALL);
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("','"), e.getMessage());
    }

    @Test
    void aNewlineInAPathIsRefused() {
        VirtException e = refused(domain("", "<disk type='file'><source file='/tmp/a&#10;-s 9:0,evil'/>"
            + "<target dev='vda' bus='virtio'/></disk>"), ALL);
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
    }

    @Test
    void aTapNameWithACommaIsRefused() {
        DomainDef def = DomainXml.parse(domain("", DISK + "<interface type='bridge'><source bridge='b'/>"
            + "<model type='virtio'/></interface>"), true, BhyveXml2ArgvConformanceTest.mocked(ALL));
        BhyveDomainRules.prepare(def, ALL);
        for (InterfaceDef n : def.interfaces()) {
            n.targetDev("tap0,mac=00:00:00:00:00:01");
        }
        assertThrows(VirtException.class, () -> BhyveCommandBuilder.build(def, ALL, "/x"));
    }

    @Test
    void aNameBhyveWouldReadAsAnOptionIsRefused() {
        VirtException e = assertThrows(VirtException.class, () -> build(domain("", DISK).replace(
            "<name>vm</name>", "<name>-Hvm</name>"), ALL));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
    }

    @Test
    void argumentsStayWholeArgumentsAndTheTextIsQuoted() {
        // spaces, quotes and $ in a path stay inside one argument; the rendering quotes them for a shell
        BhyveCommands cmds = build(domain("", "<disk type='file'><source file=\"/tmp/my disk's $HOME.img\"/>"
            + "<target dev='hda' bus='sata'/></disk>"), ALL);
        assertTrue(cmds.loader().contains("/tmp/my disk's $HOME.img"), cmds.loader().toString());
        String text = BhyveArgvText.render(cmds.loader(), false, false);
        assertTrue(text.contains("'/tmp/my disk'\\''s $HOME.img'"), text);
        assertEquals(List.of("bhyveload", "-m", "214", "-d", "/tmp/my disk's $HOME.img", "vm"), cmds.loader());
    }

    @Test
    void vncPasswordWithACommaIsRefusedAsLibvirtDoes() {
        VirtException e = refused(domain("<loader readonly='yes' type='pflash'>/path/to/test.fd</loader>", DISK
            + "<graphics type='vnc' port='5904' passwd='a,b'><listen type='address' address='127.0.0.1'/></graphics>"),
            ALL);
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertEquals(e.code().format("Password may not contain ',' character"), e.getMessage());
    }

    @Test
    void fromNativeRefusesGarbageWithLibvirtsErrors() {
        VirtException e = assertThrows(VirtException.class, () -> BhyveArgv.fromNative("echo hi", ALL));
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertEquals(e.code().format("Failed to convert the command string to argv-lists"), e.getMessage());
        e = assertThrows(VirtException.class, () -> BhyveArgv.fromNative("/usr/sbin/bhyve -c 1 -m vm", ALL));
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        assertEquals(e.code().format("Missing argument for '-m'"), e.getMessage());
        e = assertThrows(VirtException.class, () -> BhyveArgv.fromNative("/usr/sbin/bhyve -m 99999999999999999999 vm",
            ALL));
        assertEquals(e.code().format("Failed to parse memory"), e.getMessage());
        e = assertThrows(VirtException.class, () -> BhyveArgv.fromNative("/usr/sbin/bhyve -U garbage vm", ALL));
        assertEquals(e.code().format("Cannot parse UUID 'garbage'"), e.getMessage());
        e = assertThrows(VirtException.class, () -> BhyveArgv.fromNative("/usr/sbin/bhyve -c 1 a/b", ALL));
        assertEquals(ErrorCode.XML_ERROR, e.code());
    }

    @Test
    void toNativeRoundTripsThroughFromNative() {
        String xml = domain("", DISK + "<interface type='bridge'><mac address='52:54:00:11:22:33'/>"
            + "<source bridge='b'/><model type='virtio'/></interface>");
        String text = BhyveArgv.toNative(DomainXml.parse(xml), ALL);
        assertEquals("/usr/sbin/bhyveload -m 214 -d /tmp/freebsd.img vm\n/usr/sbin/bhyve -c 1 -m 214 -u -H -P "
            + "-s 0:0,hostbridge -s 2:0,ahci,hd:/tmp/freebsd.img -s 3:0,virtio-net,tap0,mac=52:54:00:11:22:33 vm", text);
        String back = BhyveArgv.fromNative(text, ALL);
        assertTrue(back.contains("<name>vm</name>"), back);
        assertTrue(back.contains("52:54:00:11:22:33"), back);
        assertFalse(back.contains("passwd"), back);
    }
}
