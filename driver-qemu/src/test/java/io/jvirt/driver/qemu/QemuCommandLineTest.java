package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;

/** The command-line builder alone: no QEMU, no files. */
class QemuCommandLineTest {

    static final QemuCommandLine.RunFiles FILES = new QemuCommandLine.RunFiles(Path.of("/run/q/mon.qmp"), Path.of("/run/q/q.pid"));

    static List<String> argv(String xml) {
        return argv(xml, false);
    }

    static List<String> argv(String xml, boolean kvm) {
        DomainDef def = DomainXml.parse(xml);
        return QemuCommandLine.build(def, "/usr/bin/qemu-system-x86_64", kvm, FILES);
    }

    /** The value following {@code option} (the first occurrence). */
    static String value(List<String> a, String option) {
        int i = a.indexOf(option);
        assertTrue(i >= 0 && i + 1 < a.size(), option + " missing in " + a);
        return a.get(i + 1);
    }

    static List<String> values(List<String> a, String option) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < a.size() - 1; i++) {
            if (a.get(i).equals(option)) {
                out.add(a.get(i + 1));
            }
        }
        return out;
    }

    static final String FULL = """
        <domain type='qemu'>
          <name>web,prod</name>
          <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
          <memory unit='KiB'>262144</memory>
          <vcpu current='2'>4</vcpu>
          <sysinfo type='smbios'>
            <system>
              <entry name='manufacturer'>Acme, Inc.</entry>
              <entry name='product'>Widget</entry>
            </system>
          </sysinfo>
          <os>
            <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
            <boot dev='cdrom'/>
            <boot dev='hd'/>
            <smbios mode='sysinfo'/>
          </os>
          <cpu mode='custom'>
            <model>Haswell</model>
            <topology sockets='1' dies='1' cores='2' threads='2'/>
            <feature policy='disable' name='hle'/>
            <feature policy='require' name='vmx'/>
          </cpu>
          <on_reboot>destroy</on_reboot>
          <devices>
            <emulator>/opt/qemu/bin/qemu-system-x86_64</emulator>
            <disk type='file' device='disk'>
              <driver name='qemu' type='qcow2' cache='none'/>
              <source file='/var/lib/images/a,b.qcow2'/>
              <target dev='vda' bus='virtio'/>
            </disk>
            <disk type='block' device='disk'>
              <source dev='/dev/sdz'/>
              <target dev='vdb' bus='virtio'/>
              <readonly/>
            </disk>
            <disk type='file' device='cdrom'>
              <source file='/iso/install.iso'/>
              <target dev='hdc' bus='ide'/>
            </disk>
            <interface type='user'>
              <mac address='52:54:00:12:34:56'/>
              <model type='virtio'/>
            </interface>
            <serial type='pty'><target port='0'/></serial>
            <console type='pty'><target type='serial' port='0'/></console>
            <serial type='unix'><source mode='bind' path='/run/s.sock'/><target port='1'/></serial>
            <graphics type='vnc' port='5901' autoport='no' listen='0.0.0.0'/>
          </devices>
        </domain>
        """;

    @Test
    void fullDefinition() {
        List<String> a = argv(FULL);
        assertEquals("/opt/qemu/bin/qemu-system-x86_64", a.get(0), "the definition's emulator wins");
        assertEquals("guest=web,,prod,debug-threads=on", value(a, "-name"), "',' doubled");
        assertTrue(a.contains("-S"));
        assertEquals("pc-q35-7.2,usb=off,dump-guest-core=off", value(a, "-machine"));
        assertEquals("tcg", value(a, "-accel"));
        assertEquals("Haswell,-hle,+vmx", value(a, "-cpu"));
        assertEquals("size=262144k", value(a, "-m"));
        assertEquals("2,maxcpus=4,sockets=1,cores=2,threads=2", value(a, "-smp"));
        assertEquals("c7a5fdbd-edaf-9455-926a-d65c16db1809", value(a, "-uuid"));
        assertEquals("type=1,manufacturer=Acme,, Inc.,product=Widget,uuid=c7a5fdbd-edaf-9455-926a-d65c16db1809", value(a, "-smbios"));
        assertTrue(a.contains("-nodefaults") && a.contains("-no-user-config"));
        assertTrue(a.contains("-no-reboot"), "on_reboot=destroy");
        assertEquals("socket,id=charmonitor,path=/run/q/mon.qmp,server=on,wait=off", value(a, "-chardev"));
        assertEquals("chardev=charmonitor,id=monitor,mode=control", value(a, "-mon"));
        assertEquals("/run/q/q.pid", value(a, "-pidfile"));
        assertEquals(List.of(), values(a, "-drive"), "no -drive: its file= would parse protocol prefixes and json:");
        assertEquals(List.of(
            "{\"driver\":\"file\",\"filename\":\"/var/lib/images/a,b.qcow2\",\"node-name\":\"libvirt-1-storage\","
                + "\"read-only\":false,\"cache\":{\"direct\":true,\"no-flush\":false}}",
            "{\"node-name\":\"libvirt-1-format\",\"read-only\":false,\"cache\":{\"direct\":true,\"no-flush\":false},"
                + "\"driver\":\"qcow2\",\"file\":\"libvirt-1-storage\",\"backing\":null}",
            "{\"driver\":\"host_device\",\"filename\":\"/dev/sdz\",\"node-name\":\"libvirt-2-storage\",\"read-only\":true}",
            "{\"node-name\":\"libvirt-2-format\",\"read-only\":true,\"driver\":\"raw\",\"file\":\"libvirt-2-storage\"}",
            "{\"driver\":\"file\",\"filename\":\"/iso/install.iso\",\"node-name\":\"libvirt-3-storage\",\"read-only\":true}",
            "{\"node-name\":\"libvirt-3-format\",\"read-only\":true,\"driver\":\"raw\",\"file\":\"libvirt-3-storage\"}"),
            values(a, "-blockdev"));
        List<String> devices = values(a, "-device");
        assertTrue(devices.contains("virtio-blk-pci,drive=libvirt-1-format,id=disk-vda,write-cache=on,bootindex=2"), devices.toString());
        assertTrue(devices.contains("virtio-blk-pci,drive=libvirt-2-format,id=disk-vdb"), devices.toString());
        assertTrue(devices.contains("ide-cd,bus=ide.0,drive=libvirt-3-format,id=disk-hdc,bootindex=1"), devices.toString());
        assertEquals("stream,id=hostnet0,server=off,addr.type=unix,addr.path=/run/q/mon.passt/net0", value(a, "-netdev"),
            "user networking through passt, never QEMU's slirp with the host's loopback open");
        assertTrue(devices.contains("virtio-net-pci,netdev=hostnet0,id=net0,mac=52:54:00:12:34:56"), devices.toString());
        List<String> chardevs = values(a, "-chardev");
        assertTrue(chardevs.contains("pty,id=charserial0"), chardevs.toString());
        assertTrue(chardevs.contains("socket,id=charserial1,path=/run/s.sock,server=on,wait=off"), chardevs.toString());
        assertEquals(2, devices.stream().filter(d -> d.startsWith("isa-serial")).count(), "the serial console is not a third port");
        assertEquals("0.0.0.0:1", value(a, "-vnc"));
        assertTrue(devices.contains("VGA,id=video0"), "a default video card for VNC");
        assertTrue(!a.contains("-display"), "graphics: no -display none");
    }

    @Test
    void minimalGuestWithKernel() {
        List<String> a = argv("""
            <domain type='qemu'>
              <name>k</name>
              <memory>65536</memory>
              <os>
                <type>hvm</type>
                <kernel>/boot/vmlinuz</kernel>
                <initrd>/boot/initrd.gz</initrd>
                <cmdline>console=ttyS0 quiet</cmdline>
              </os>
              <devices>
                <serial type='file'><source path='/var/log/k,serial.log'/></serial>
              </devices>
            </domain>
            """);
        assertEquals("/usr/bin/qemu-system-x86_64", a.get(0));
        assertEquals("/boot/vmlinuz", value(a, "-kernel"));
        assertEquals("/boot/initrd.gz", value(a, "-initrd"));
        assertEquals("console=ttyS0 quiet", value(a, "-append"));
        assertEquals("1,sockets=1,cores=1,threads=1", value(a, "-smp"));
        assertEquals("none", value(a, "-display"));
        assertTrue(values(a, "-chardev").contains("file,id=charserial0,path=/var/log/k,,serial.log"));
        assertTrue(!a.contains("-no-reboot"));
    }

    @Test
    void kvmAndHostPassthrough() {
        String xml = "<domain type='kvm'><name>h</name><memory>65536</memory><os><type>hvm</type></os><cpu mode='host-passthrough'/></domain>";
        List<String> a = argv(xml, true);
        assertEquals("kvm", value(a, "-accel"));
        assertEquals("host", value(a, "-cpu"));
        VirtException e = assertThrows(VirtException.class, () -> argv(xml, false));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("host-passthrough"), e.getMessage());
    }

    @Test
    void hostModelUnderTcgIsMax() {
        List<String> a = argv("<domain type='qemu'><name>m</name><memory>65536</memory><os><type>hvm</type></os><cpu mode='host-model'/></domain>");
        assertEquals("max", value(a, "-cpu"));
    }

    @Test
    void topologyMustMatchVcpus() {
        VirtException e = assertThrows(VirtException.class, () -> argv("""
            <domain type='qemu'><name>t</name><memory>65536</memory><vcpu>3</vcpu><os><type>hvm</type></os>
              <cpu><topology sockets='1' dies='1' cores='2' threads='1'/></cpu></domain>"""));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertTrue(e.getMessage().contains("CPU topology doesn't match maximum vcpu count"), e.getMessage());
    }

    @Test
    void unsupportedDevicesAreRefusedNotDropped() {
        VirtException e = assertThrows(VirtException.class, () -> argv("""
            <domain type='qemu'><name>u</name><memory>65536</memory><os><type>hvm</type></os><devices>
              <interface type='direct'><source dev='eth0' mode='bridge'/></interface></devices></domain>"""));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("interface type 'direct'"), e.getMessage());
    }

    @Test
    void tapAndBridgeInterfacesAndDefaultModel() {
        List<String> a = argv("""
            <domain type='qemu'><name>n</name><memory>65536</memory><os><type>hvm</type></os><devices>
              <interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='br0'/><model type='e1000'/></interface>
              <interface type='ethernet'><mac address='52:54:00:00:00:02'/><target dev='tap7'/></interface>
              <interface type='network'><mac address='52:54:00:00:00:03'/><source network='default' bridge='virbr0'/><target dev='mytap3'/></interface>
            </devices></domain>""");
        assertEquals(List.of("tap,id=hostnet0,script=no,downscript=no", "tap,id=hostnet1,ifname=tap7,script=no,downscript=no",
            "tap,id=hostnet2,ifname=mytap3,script=no,downscript=no"), values(a, "-netdev"));
        List<String> devices = values(a, "-device");
        assertTrue(devices.contains("e1000,netdev=hostnet0,id=net0,mac=52:54:00:00:00:01"), devices.toString());
        assertTrue(devices.contains("rtl8139,netdev=hostnet1,id=net1,mac=52:54:00:00:00:02"), devices.toString());
    }

    @Test
    void vncOnAUnixSocketAndAutoportPlaceholder() {
        List<String> a = argv("""
            <domain type='qemu'><name>v</name><memory>65536</memory><os><type>hvm</type></os><devices>
              <graphics type='vnc' socket='/run/v,nc.sock'/><video><model type='virtio'/></video></devices></domain>""");
        assertEquals("unix:/run/v,,nc.sock", value(a, "-vnc"));
        assertTrue(values(a, "-device").contains("virtio-vga,id=video0"));
    }

    @Test
    void shellFormQuotesWhatNeedsIt() {
        String sh = QemuCommandLine.toShell(List.of("/usr/bin/qemu", "-name", "guest=a b", "-S", "-append", "console=ttyS0 quiet"));
        assertEquals("LC_ALL=C /usr/bin/qemu \\\n-name 'guest=a b' \\\n-S \\\n-append 'console=ttyS0 quiet'\n", sh);
    }

    private static String disk(String source, String driver) {
        return """
            <domain type='qemu'><name>d</name><memory>65536</memory><os><type>hvm</type></os><devices>
              <disk type='file' device='disk'>%s<source file='%s'/><target dev='vda' bus='virtio'/></disk>
            </devices></domain>""".formatted(driver, source.replace("'", "&apos;"));
    }

    private static void refused(String what, String xml, String expected) {
        VirtException e = assertThrows(VirtException.class, () -> argv(xml), what);
        assertTrue(e.code() == ErrorCode.CONFIG_UNSUPPORTED || e.code() == ErrorCode.XML_ERROR, what + ": " + e.code());
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
    }

    /** A disk source is a plain absolute path: never a json: or protocol filename QEMU would parse. */
    @Test
    void diskSourcesAreAbsolutePathsNeverProtocolsOrJson() {
        for (String source : List.of("json:{\"driver\":\"file\",\"filename\":\"/etc/shadow\"}", "nbd:127.0.0.1:10809",
            "http://example.invalid/disk.img", "file:/etc/shadow", "relative/disk.img", "")) {
            refused(source, disk(source, ""), "must be an absolute path");
        }
        // a ',' or a json: inside an absolute path is part of the file name, nothing else
        List<String> a = argv(disk("/var/lib/i,file.filename=/etc/shadow,json:{x}", ""));
        assertEquals("{\"driver\":\"file\",\"filename\":\"/var/lib/i,file.filename=/etc/shadow,json:{x}\","
            + "\"node-name\":\"libvirt-1-storage\",\"read-only\":false}", values(a, "-blockdev").get(0));
    }

    @Test
    void diskFormatAndCacheAreFromFixedLists() {
        refused("format", disk("/i.img", "<driver name='qemu' type='raw,file.filename=/etc/shadow'/>"), "disk format");
        refused("cache", disk("/i.img", "<driver name='qemu' type='raw' cache='none,file=/etc/shadow'/>"), "cache mode");
    }

    /** Values QEMU's option parser would split: validated, since not every parser knows ',,'. */
    @Test
    void optionValuesThatCouldInjectAreRefused() {
        String base = "<domain type='qemu'><name>x</name><memory>65536</memory><os><type>hvm</type>%s</os>%s<devices>%s</devices></domain>";
        refused("smbios entry name", """
            <domain type='qemu'><name>s</name><memory>65536</memory>
              <sysinfo type='smbios'><system><entry name='product=x,file=/etc/shadow'>y</entry></system></sysinfo>
              <os><type>hvm</type><smbios mode='sysinfo'/></os></domain>""", "SMBIOS entry");
        refused("smbios unknown entry", """
            <domain type='qemu'><name>s</name><memory>65536</memory>
              <sysinfo type='smbios'><bios><entry name='file'>/etc/shadow</entry></bios></sysinfo>
              <os><type>hvm</type><smbios mode='sysinfo'/></os></domain>""", "SMBIOS entry");
        refused("vnc listen", base.formatted("", "", "<graphics type='vnc' port='5901' autoport='no' listen='127.0.0.1,password=off'/>"),
            "listen address");
        refused("vnc listen host", base.formatted("", "", "<graphics type='vnc' port='5901' autoport='no' listen='h:1,websocket=5700'/>"),
            "listen address");
        refused("cpu model", base.formatted("", "<cpu mode='custom'><model>qemu64,-x,+y</model></cpu>", ""), "CPU model");
        refused("cpu feature", base.formatted("", "<cpu mode='custom'><model>qemu64</model><feature policy='require' name='a,b'/></cpu>", ""),
            "CPU feature");
        refused("tap name", base.formatted("", "", "<interface type='ethernet'><target dev='tap0,script=/tmp/x'/></interface>"),
            "interface name");
        refused("bridge name", base.formatted("", "", "<interface type='bridge'><source bridge='br0 up'/></interface>"),
            "interface name");
        refused("machine", base.formatted("", "", "").replace("<type>hvm", "<type machine='pc,accel=kvm'>hvm"), "machine type");
        // what stays legal
        List<String> ok = argv(base.formatted("", "", "<graphics type='vnc' port='5901' autoport='no' listen='::1'/>"));
        assertEquals("[::1]:1", value(ok, "-vnc"));
    }

    @Test
    void userNetworkingBackends() {
        String xml = "<domain type='qemu'><name>u</name><memory>65536</memory><os><type>hvm</type></os><devices>"
            + "<interface type='user'><mac address='52:54:00:00:00:09'/></interface></devices></domain>";
        DomainDef def = DomainXml.parse(xml);
        Path mon = Path.of("/run/q/mon.qmp");
        Path pid = Path.of("/run/q/q.pid");
        assertEquals("user,id=hostnet0,restrict=on", value(QemuCommandLine.build(def, "/usr/bin/qemu-system-x86_64", false,
            new QemuCommandLine.RunFiles(mon, pid, QemuUserNet.Backend.SLIRP_RESTRICTED, null)), "-netdev"));
        assertEquals("user,id=hostnet0", value(QemuCommandLine.build(def, "/usr/bin/qemu-system-x86_64", false,
            new QemuCommandLine.RunFiles(mon, pid, QemuUserNet.Backend.SLIRP, null)), "-netdev"));
        VirtException e = assertThrows(VirtException.class, () -> QemuUserNet.choose("tap"));
        assertTrue(e.getMessage().contains("unknown user.network 'tap'"), e.getMessage());
        assertEquals(QemuUserNet.Backend.SLIRP, QemuUserNet.choose("slirp"));
        assertEquals(QemuUserNet.findPasst() != null ? QemuUserNet.Backend.PASST : QemuUserNet.Backend.SLIRP_RESTRICTED,
            QemuUserNet.choose("auto"));
    }

    /** The capability probe's KVM trial names its monitor socket in a -qmp option: escaped too. */
    @Test
    void kvmTrialEscapesItsSocketPath() {
        List<String> a = QemuCapabilities.kvmTrialArgs(Path.of("/usr/bin/qemu-system-x86_64"), Path.of("/var/a,b/qmp.sock"));
        assertEquals("unix:/var/a,,b/qmp.sock,server=on,wait=off", value(a, "-qmp"));
    }

    @Test
    void escapeDoublesCommas() {
        assertEquals("a,,b,,,,c", QemuCommandLine.escape("a,b,,c"));
    }

    @Test
    void guestPowerOffKeepsQemuForTheDriver() {
        List<String> a = argv("<domain type='qemu'><name>n</name><memory>65536</memory><os><type>hvm</type></os></domain>");
        assertTrue(a.contains("-no-shutdown"), a.toString());
    }

    @Test
    void balloonPanicRngWatchdogAndUsbTablet() {
        List<String> a = argv("""
            <domain type='qemu'><name>n</name><memory>65536</memory><os><type>hvm</type></os><devices>
              <input type='tablet' bus='usb'/><input type='mouse' bus='ps2'/><input type='keyboard' bus='ps2'/>
              <watchdog model='i6300esb' action='poweroff'/>
              <memballoon model='virtio' autodeflate='on'/>
              <rng model='virtio'><backend model='random'>/dev/hwrng</backend></rng>
              <panic model='isa'/>
            </devices></domain>""");
        assertEquals(List.of("piix3-usb-uhci,id=usb", "usb-tablet,id=input0,bus=usb.0", "i6300esb,id=watchdog0",
            "virtio-balloon-pci,id=balloon0,deflate-on-oom=on", "virtio-rng-pci,rng=objrng0,id=rng0", "pvpanic"),
            values(a, "-device"));
        assertEquals("watchdog=poweroff", value(a, "-action"));
        assertEquals("rng-random,id=objrng0,filename=/dev/hwrng", value(a, "-object"));
    }

    @Test
    void balloonModelNoneAddsNothing() {
        List<String> a = argv("""
            <domain type='qemu'><name>n</name><memory>65536</memory><os><type>hvm</type></os><devices>
              <memballoon model='none'/></devices></domain>""");
        assertTrue(values(a, "-device").isEmpty(), a.toString());
    }

    @Test
    void deviceTheDriverCannotStartIsRefusedNotDropped() {
        VirtException e = assertThrows(VirtException.class, () -> argv("""
            <domain type='qemu'><name>n</name><memory>65536</memory><os><type>hvm</type></os><devices>
              <filesystem type='mount'><source dir='/srv'/><target dir='srv'/></filesystem></devices></domain>"""));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("unsupported device 'filesystem'"), e.getMessage());
    }

    @Test
    void guestAgentChannelParallelPortAndSilentAudio() {
        List<String> a = argv("""
            <domain type='qemu'><name>n</name><memory>65536</memory><os><type>hvm</type></os><devices>
              <parallel type='null'><target port='0'/></parallel>
              <channel type='unix'><source mode='bind' path='/run/ga.sock'/><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
              <audio id='1' type='none'/>
            </devices></domain>""");
        assertEquals(List.of("null,id=charparallel0", "socket,id=charchannel0,path=/run/ga.sock,server=on,wait=off"),
            values(a, "-chardev").subList(1, 3)); // after the monitor's
        assertEquals(List.of("isa-parallel,chardev=charparallel0,id=parallel0", "virtio-serial-pci,id=virtio-serial0",
            "virtserialport,bus=virtio-serial0.0,nr=1,chardev=charchannel0,id=channel0,name=org.qemu.guest_agent.0"), values(a, "-device"));
        assertEquals("none,id=audio1", value(a, "-audiodev"));
    }
}
