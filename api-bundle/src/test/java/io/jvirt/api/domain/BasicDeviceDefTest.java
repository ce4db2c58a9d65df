package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/** input, video, memballoon, watchdog, rng, panic, sound, tpm and hostdev. */
class BasicDeviceDefTest {

    private static String format(DeviceDef d) {
        DomainDef def = DomainXml.parse("<domain type='kvm'><name>g</name><memory>1024</memory>"
            + "<os><type>hvm</type></os></domain>");
        def.addDevice(d);
        String xml = DomainXml.format(def);
        int from = xml.indexOf("    <" + d.kind());
        int to = xml.indexOf("  </devices>");
        return xml.substring(from, to).replaceAll("(?m)^    ", "");
    }

    /** parse -> format equals {@code canonical}, and parsing that again under VALIDATE gives it back. */
    private static <T extends DeviceDef> T roundTrip(Class<T> kind, String in, String canonical) {
        T d = assertInstanceOf(kind, DomainXml.parseDevice(in));
        assertEquals(canonical, format(d));
        assertEquals(canonical, format(DomainXml.parseDevice(canonical, true, DomainDefDefaults.NONE)));
        return d;
    }

    @Test
    void input() {
        InputDef d = roundTrip(InputDef.class, "<input bus='virtio' type='tablet'><driver iommu='on'/>"
            + "<address type='pci' domain='0' bus='0' slot='3' function='0'/></input>", """
            <input type='tablet' bus='virtio'>
              <driver iommu='on'/>
              <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>
            </input>
            """);
        assertEquals("tablet", d.type());
        assertEquals("virtio", d.bus());
        InputDef c = d.copy().bus("usb");
        c.children().clear();
        c.address().attr("slot", "9");
        assertEquals("virtio", d.bus());
        assertEquals(1, d.children().size());
        assertEquals("0x03", d.address().attributes().get("slot"));
        assertEquals("<input type='keyboard' bus='ps2'/>\n", format(new InputDef("keyboard", "ps2")));
    }

    @Test
    void video() {
        VideoDef d = roundTrip(VideoDef.class, "<video><model vram='16384' type='qxl' heads='1' primary='yes'>"
            + "<acceleration accel3d='yes'/></model><driver name='vhostuser'/><alias name='video0'/></video>", """
            <video>
              <driver name='vhostuser'/>
              <model type='qxl' vram='16384' heads='1' primary='yes'>
                <acceleration accel3d='yes'/>
              </model>
              <alias name='video0'/>
            </video>
            """);
        assertEquals("qxl", d.modelType());
        assertEquals(16384, d.vram());
        assertTrue(d.primary());
        VideoDef c = d.copy().vram(1).heads(2);
        c.modelChildren().get(0).attr("accel3d", "no");
        assertEquals(16384, d.vram());
        assertEquals("yes", d.modelChildren().get(0).attributes().get("accel3d"));
    }

    @Test
    void firstVideoIsPrimary() {
        DomainDef def = DomainXml.parse("<domain type='kvm'><name>g</name><memory>1024</memory><os><type>hvm</type>"
            + "</os><devices><video><model type='vga'/></video><video><model type='qxl'/></video></devices></domain>");
        assertTrue(def.devices(VideoDef.class).get(0).primary());
        assertNull(def.devices(VideoDef.class).get(1).primary());
    }

    @Test
    void memballoon() {
        MemballoonDef d = roundTrip(MemballoonDef.class, "<memballoon model='virtio' autodeflate='on'>"
            + "<address type='pci' domain='0' bus='0' slot='18' function='0'/><driver packed='on'/>"
            + "<stats period='10'/></memballoon>", """
            <memballoon model='virtio' autodeflate='on'>
              <stats period='10'/>
              <address type='pci' domain='0x0000' bus='0x00' slot='0x12' function='0x0'/>
              <driver packed='on'/>
            </memballoon>
            """);
        assertEquals(10, d.statsPeriod());
        assertEquals("<memballoon model='none'/>\n", format(new MemballoonDef().model("none")));
        MemballoonDef c = d.copy().autodeflate("off").statsPeriod(null);
        c.children().clear();
        assertEquals("on", d.autodeflate());
        assertEquals(10, d.statsPeriod());
        assertEquals(1, d.children().size());
    }

    @Test
    void watchdogPanicSound() {
        WatchdogDef w = roundTrip(WatchdogDef.class, "<watchdog action='poweroff' model='ib700'/>",
            "<watchdog model='ib700' action='poweroff'/>\n");
        assertEquals("poweroff", w.action());
        assertEquals("reset", w.copy().action("reset").action());
        assertEquals("poweroff", w.action());
        PanicDef p = roundTrip(PanicDef.class, "<panic model='isa'><address type='isa' iobase='0x505'/></panic>", """
            <panic model='isa'>
              <address type='isa' iobase='0x505'/>
            </panic>
            """);
        assertEquals("isa", p.model());
        SoundDef s = roundTrip(SoundDef.class, "<sound model='ich6'><codec type='micro'/></sound>", """
            <sound model='ich6'>
              <codec type='micro'/>
            </sound>
            """);
        assertEquals("ich6", s.model());
        SoundDef sc = s.copy();
        sc.children().clear();
        assertEquals(1, s.children().size());
    }

    @Test
    void rng() {
        RngDef r = roundTrip(RngDef.class, "<rng model='virtio'><backend model='random'>/dev/urandom</backend>"
            + "<rate period='2000' bytes='1234'/></rng>", """
            <rng model='virtio'>
              <rate period='2000' bytes='1234'/>
              <backend model='random'>/dev/urandom</backend>
            </rng>
            """);
        assertEquals("random", r.backendModel());
        assertEquals("/dev/urandom", r.backendPath());
        RngDef egd = roundTrip(RngDef.class, "<rng model='virtio'><backend model='egd' type='tcp'>"
            + "<source mode='connect' host='1.2.3.4' service='1234'/></backend></rng>", """
            <rng model='virtio'>
              <backend model='egd' type='tcp'>
                <source mode='connect' host='1.2.3.4' service='1234'/>
                <protocol type='raw'/>
              </backend>
            </rng>
            """);
        RngDef c = egd.copy();
        c.backendChildren().get(0).attr("host", "5.6.7.8");
        c.backendAttrs().put("type", "udp");
        assertEquals("1.2.3.4", egd.backendChildren().get(0).attributes().get("host"));
        assertEquals("tcp", egd.backendAttrs().get("type"));
    }

    @Test
    void tpm() {
        TpmDef t = roundTrip(TpmDef.class, "<tpm model='tpm-crb'><backend version='2.0' type='emulator' "
            + "persistent_state='yes'><encryption secret='x'/></backend></tpm>", """
            <tpm model='tpm-crb'>
              <backend type='emulator' version='2.0' persistent_state='yes'>
                <encryption secret='x'/>
              </backend>
            </tpm>
            """);
        assertEquals("emulator", t.backendType());
        assertEquals("2.0", t.backendVersion());
        TpmDef c = t.copy().backendVersion("1.2");
        c.backendChildren().clear();
        assertEquals("2.0", t.backendVersion());
        assertEquals(1, t.backendChildren().size());
    }

    @Test
    void hostdev() {
        HostdevDef h = roundTrip(HostdevDef.class, "<hostdev type='pci' managed='yes' mode='subsystem'>"
            + "<source><address domain='0x0000' bus='0x06' slot='0x12' function='0x5'/></source>"
            + "<driver name='vfio'/><boot order='2'/><rom bar='off'/></hostdev>", """
            <hostdev mode='subsystem' type='pci' managed='yes'>
              <driver name='vfio'/>
              <source>
                <address domain='0x0000' bus='0x06' slot='0x12' function='0x5'/>
              </source>
              <boot order='2'/>
              <rom bar='off'/>
            </hostdev>
            """);
        assertEquals("pci", h.type());
        assertTrue(h.managed());
        assertEquals(2, h.bootOrder());
        assertEquals("0x06", h.sourceAddress().attributes().get("bus"));
        HostdevDef c = h.copy();
        c.sourceAddress().attr("bus", "0x07");
        assertEquals("0x06", h.sourceAddress().attributes().get("bus"));
        HostdevDef caps = roundTrip(HostdevDef.class, "<hostdev mode='capabilities' type='storage'>"
            + "<source><block>/dev/sdf1</block></source></hostdev>", """
            <hostdev mode='capabilities' type='storage'>
              <source>
                <block>/dev/sdf1</block>
              </source>
            </hostdev>
            """);
        assertNull(caps.managed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<input bus='usb'/>", "<input type='joystick'/>", "<input type='mouse' bus='serial'/>",
        "<video><model type='hologram'/></video>", "<video><model type='vga' vram='-1'/></video>",
        "<video><model type='vga' heads='two'/></video>", "<video><model type='vga' primary='maybe'/></video>",
        "<memballoon/>", "<memballoon model='balloon'/>", "<memballoon model='virtio' autodeflate='yes'/>",
        "<memballoon model='virtio'><stats period='x'/></memballoon>", "<watchdog/>",
        "<watchdog model='i6300esb' action='explode'/>", "<rng model='virtio'/>",
        "<rng model='virtio'><backend model='hardware'/></rng>",
        "<rng><backend model='random'/></rng>",
        "<panic model='kaboom'/>", "<sound/>", "<sound model='beeper'/>", "<tpm model='tpm-tis'/>",
        "<tpm><backend type='hardware'/></tpm>", "<tpm><backend type='emulator' version='3.0'/></tpm>",
        "<hostdev mode='subsystem' type='floppy'/>", "<hostdev mode='borrowed' type='pci'/>",
        "<hostdev mode='subsystem' type='pci' managed='sure'/>", "<hostdev mode='capabilities' type='pci'/>",
        "<hostdev mode='subsystem'/>"})
    void badValuesAreXmlErrors(String xml) {
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parseDevice(xml));
        assertEquals(ErrorCode.XML_ERROR, e.code(), e.getMessage());
    }

    /** libvirt's virDomainChrSourceDefValidate reports a missing socket path as an internal error. */
    @Test
    void egdBackendWithoutSocketPathIsLibvirtsInternalError() {
        VirtException e = assertThrows(VirtException.class,
            () -> DomainXml.parseDevice("<rng model='virtio'><backend model='egd' type='unix'/></rng>"));
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertEquals("internal error: Missing source path attribute for char device", e.getMessage());
    }

    /**
     * A PCI host device's source as libvirt 9.0 keeps it (checked with virsh against
     * test:///default): the address in any base strtoul takes, written back canonical, its
     * multifunction dropped, an absent address written as all zeros, writeFiltering kept.
     */
    @Test
    void pciHostdevSourceIsReadAndWrittenAsLibvirtDoes() {
        HostdevDef h = roundTrip(HostdevDef.class, "<hostdev mode='subsystem' type='pci' managed='no'>"
            + "<source writeFiltering='no'><address domain='0' bus='010' slot='0x1f' function='7' multifunction='on'/>"
            + "</source></hostdev>", """
            <hostdev mode='subsystem' type='pci' managed='no'>
              <source writeFiltering='no'>
                <address domain='0x0000' bus='0x08' slot='0x1f' function='0x7'/>
              </source>
            </hostdev>
            """);
        assertEquals("0x08", h.sourceAddress().attributes().get("bus"));
        roundTrip(HostdevDef.class, "<hostdev mode='subsystem' type='pci' managed='yes'><source/></hostdev>", """
            <hostdev mode='subsystem' type='pci' managed='yes'>
              <source>
                <address domain='0x0000' bus='0x00' slot='0x00' function='0x0'/>
              </source>
            </hostdev>
            """);
    }

    /** libvirt's refusals of a subsystem host device's source, in its words (virsh define on test:///default). */
    @ParameterizedTest
    @ValueSource(strings = {
        "<hostdev mode='subsystem' type='pci'/>|Missing <source> element in hostdev device",
        "<hostdev mode='subsystem' type='usb'/>|Missing <source> element in hostdev device",
        "<hostdev mode='subsystem' type='pci'><source writeFiltering='maybe'/></hostdev>"
            + "|Invalid value for attribute 'writeFiltering' in element 'source': 'maybe'.",
        "<hostdev mode='subsystem' type='pci'><source><address domain='x' bus='1'/></source></hostdev>"
            + "|Invalid value for attribute 'domain' in element 'address': 'x'. Expected non-negative integer value",
        "<hostdev mode='subsystem' type='pci'><source><address bus='1' function='9'/></source></hostdev>"
            + "|Invalid PCI address function=0x9, must be <= 7"})
    void badPciHostdevSourcesAreLibvirtsXmlErrors(String caseLine) {
        String[] c = caseLine.split("\\|");
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parseDevice(c[0]));
        assertEquals(ErrorCode.XML_ERROR, e.code(), e.getMessage());
        assertEquals("XML error: " + c[1], e.getMessage());
    }

    /**
     * A USB host device's source as libvirt 9.0 keeps it (virsh on test:///default): ids in any
     * base written 0x%.4x, the address in decimal, attributes kept, an all-zero address not written
     * (and then no source at all), the unsigned bus printed as C's %d does.
     */
    @Test
    void usbHostdevSourceIsReadAndWrittenAsLibvirtDoes() {
        roundTrip(HostdevDef.class, "<hostdev mode='subsystem' type='usb' managed='no'><source startupPolicy='optional'>"
            + "<vendor id='1234'/><product id='0'/><address bus='010' device='0x3'/></source></hostdev>", """
            <hostdev mode='subsystem' type='usb' managed='no'>
              <source startupPolicy='optional'>
                <vendor id='0x04d2'/>
                <product id='0x0000'/>
                <address bus='8' device='3'/>
              </source>
            </hostdev>
            """);
        HostdevDef zero = (HostdevDef) DomainXml.parseDevice(
            "<hostdev mode='subsystem' type='usb' managed='no'><source><address bus='0' device='0'/></source></hostdev>");
        assertNull(zero.source());
        assertEquals("<hostdev mode='subsystem' type='usb' managed='no'/>\n", format(zero));
        HostdevDef wide = (HostdevDef) DomainXml.parseDevice("<hostdev mode='subsystem' type='usb' managed='no'>"
            + "<source><address bus='4294967295' device='1'/></source></hostdev>");
        assertEquals("-1", wide.sourceAddress().attributes().get("bus"));
    }

    /** libvirt's refusals of a USB host device's source, in its words (virsh define on test:///default). */
    @ParameterizedTest
    @ValueSource(strings = {
        "<vendor id='0'/><product id='1'/>|XML error: Invalid value for attribute 'id' in element 'vendor': Zero is not permitted",
        "<vendor id='x'/><product id='1'/>"
            + "|XML error: Invalid value for attribute 'id' in element 'vendor': 'x'. Expected non-negative integer value",
        "<vendor id='1'/>|internal error: missing product",
        "<product id='1'/>|internal error: missing vendor",
        "<address bus='1'/>|XML error: Missing required attribute 'device' in element 'address'"})
    void badUsbHostdevSourcesAreLibvirtsErrors(String caseLine) {
        String[] c = caseLine.split("\\|");
        VirtException e = assertThrows(VirtException.class,
            () -> DomainXml.parseDevice("<hostdev mode='subsystem' type='usb'><source>" + c[0] + "</source></hostdev>"));
        assertEquals(c[1], e.getMessage());
    }

    /** libvirt writes managed='no' on a subsystem host device that did not ask for management (virsh 9.0). */
    @Test
    void aSubsystemHostdevIsWrittenUnmanagedByDefault() {
        roundTrip(HostdevDef.class, "<hostdev mode='subsystem' type='usb'><source><address bus='1' device='2'/></source></hostdev>", """
            <hostdev mode='subsystem' type='usb' managed='no'>
              <source>
                <address bus='1' device='2'/>
              </source>
            </hostdev>
            """);
    }
}
