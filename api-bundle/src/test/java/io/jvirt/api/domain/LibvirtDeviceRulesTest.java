package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * libvirt's parse, validate and format rules for graphics and character devices
 * (virDomainGraphicsDefParseXML*, virDomainGraphicsListensParseXML, virDomainChrSourceDefParseXML,
 * virDomainChrSourceDefValidate, the matching formatters), checked on inputs of their own rather
 * than on the conformance sample.
 */
class LibvirtDeviceRulesTest {

    private static String domain(String devices) {
        return "<domain type='qemu'><name>g</name><memory>1024</memory><os><type arch='x86_64'>hvm</type></os>"
            + "<devices>" + devices + "</devices></domain>";
    }

    private static String devices(String devices) {
        String xml = DomainXml.format(DomainXml.parse(domain(devices)), -1, true);
        return xml.substring(xml.indexOf("<devices>") + 10, xml.indexOf("  </devices>")).replaceAll("(?m)^    ", "");
    }

    private static VirtException rejected(String devices) {
        return assertThrows(VirtException.class, () -> DomainXml.parse(domain(devices)));
    }

    // ---- graphics ----

    @Test
    void aVncSocketAttributeBeatsAnAddressListenAndStaysASocket() {
        assertEquals("""
            <graphics type='vnc' socket='/run/vnc.sock'>
              <listen type='socket' socket='/run/vnc.sock'/>
            </graphics>
            """, devices("<graphics type='vnc' socket='/run/vnc.sock'><listen type='address' address='10.1.1.1'/></graphics>"));
        assertEquals("""
            <graphics type='vnc' socket='/run/vnc.sock'>
              <listen type='socket' socket='/run/vnc.sock'/>
            </graphics>
            """, devices("<graphics type='vnc'><listen type='socket' socket='/run/vnc.sock'/></graphics>"));
    }

    @Test
    void vncAutoportNoKeepsNoPort() {
        assertEquals("""
            <graphics type='vnc' autoport='no'>
              <listen type='address'/>
            </graphics>
            """, devices("<graphics type='vnc' autoport='no'><listen type='address'/></graphics>"));
        assertEquals("""
            <graphics type='vnc' port='5905' autoport='no' listen='127.0.0.1'>
              <listen type='address' address='127.0.0.1'/>
            </graphics>
            """, devices("<graphics type='vnc' port='5905' listen='127.0.0.1'/>"));
        // a definition (no running id) shows an automatic port as -1, whatever port it was started on
        assertEquals("""
            <graphics type='vnc' port='-1' autoport='yes'>
              <listen type='address'/>
            </graphics>
            """, devices("<graphics type='vnc' port='5901' autoport='yes'/>"));
    }

    @Test
    void aNetworkListenNeedsItsNetwork() {
        VirtException e = rejected("<graphics type='vnc'><listen type='network'/></graphics>");
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertEquals("XML error: 'network' attribute is required for listen type 'network'", e.getMessage());
        assertEquals("""
            <graphics type='vnc' port='-1' autoport='yes'>
              <listen type='network' network='default'/>
            </graphics>
            """, devices("<graphics type='vnc'><listen type='network' network='default'/></graphics>"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<graphics type='rdp'><listen type='socket' socket='/s'/></graphics>"
            + "|CONFIG_UNSUPPORTED|listen type 'socket' is not available for graphics type 'rdp'",
        "<graphics type='rdp'><listen type='none'/></graphics>"
            + "|CONFIG_UNSUPPORTED|listen type 'none' is not available for graphics type 'rdp'",
        "<graphics type='vnc'><listen type='address' network='n'/></graphics>"
            + "|XML_ERROR|'network' attribute is valid only for listen type 'network'",
        "<graphics type='vnc' socket='/a'><listen type='socket' socket='/b'/></graphics>"
            + "|CONFIG_UNSUPPORTED|graphics 'socket' attribute '/a' must match 'socket' attribute of first listen element (found '/b')",
        "<graphics type='vnc' passwd='x' connected='fail'/>|CONFIG_UNSUPPORTED|VNC supports connected='keep' only",
        "<graphics type='vnc' passwd='x' passwdValidTo='tomorrow'/>"
            + "|INTERNAL_ERROR|cannot parse password validity time 'tomorrow', expect YYYY-MM-DDTHH:MM:SS",
        "<graphics type='vnc' port='59x0'/>|INTERNAL_ERROR|cannot parse vnc port 59x0",
        "<graphics type='vnc'><audio id='1'/></graphics>|XML_ERROR|no audio device with ID 1",
        "<graphics type='spice'><channel name='main'/></graphics>|XML_ERROR|Missing required attribute 'mode' in element 'channel'",
        "<graphics type='spice'><image compression='fast'/></graphics>"
            + "|XML_ERROR|Invalid value for attribute 'compression' in element 'image': 'fast'.",
        "<graphics type='dbus' p2p='yes' address='unix:path=/x'/>|XML_ERROR|D-Bus p2p with an address is not supported",
        "<graphics type='kinect'/>|XML_ERROR|Invalid value for attribute 'type' in element 'graphics': 'kinect'."})
    void graphicsRulesWithLibvirtsCodesAndWords(String devices, ErrorCode code, String words) {
        VirtException e = rejected(devices);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().endsWith(words), e.getMessage());
    }

    @Test
    void spiceIsWrittenInLibvirtsOrderWithWhatItReadsOnly() {
        assertEquals("""
            <graphics type='spice' port='5903' tlsPort='5904' autoport='no' listen='0.0.0.0' keymap='de' defaultMode='secure' passwd='pw' passwdValidTo='2011-05-31T16:11:22' connected='disconnect'>
              <listen type='address' address='0.0.0.0'/>
              <channel name='main' mode='secure'/>
              <channel name='inputs' mode='insecure'/>
              <image compression='auto_glz'/>
              <streaming mode='filter'/>
              <mouse mode='client'/>
              <clipboard copypaste='no'/>
              <gl enable='no'/>
            </graphics>
            """, devices("<graphics type='spice' keymap='de' defaultMode='secure' connected='disconnect' port='5903' "
            + "tlsPort='5904' autoport='no' passwd='pw' passwdValidTo='2011-5-31T16:11:22' listen='0.0.0.0' "
            + "fullscreen='yes' bogus='1'><gl enable='no'/><clipboard copypaste='no'/><mouse mode='client'/>"
            + "<channel name='inputs' mode='insecure'/><channel name='main' mode='secure'/><unknown/>"
            + "<streaming mode='filter'/><image compression='auto_glz'/></graphics>"));
        // no port, no TLS port, no autoport: libvirt's post-parse makes it listen nowhere
        assertEquals("""
            <graphics type='spice'>
              <listen type='none'/>
            </graphics>
            """, devices("<graphics type='spice' autoport='no'/>"));
    }

    @Test
    void typesWithoutListensDropThemAndTheirForeignAttributes() {
        assertEquals("""
            <graphics type='sdl' display=':0' fullscreen='yes'/>
            """, devices("<graphics type='sdl' display=':0' fullscreen='yes' port='5900'><listen type='address'/></graphics>"));
        assertEquals("""
            <graphics type='rdp' port='0' autoport='yes' multiUser='yes'>
              <listen type='address'/>
            </graphics>
            """, devices("<graphics type='rdp' multiUser='yes' replaceUser='no' keymap='de'/>"));
    }

    // ---- character devices ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<serial type='tcp'><source mode='bind' service='5678'/></serial>|Missing source host attribute for char device",
        "<serial type='tcp'><source mode='bind' host='h'/></serial>|Missing source service attribute for char device",
        "<serial type='udp'><source mode='connect' host='h'/></serial>|Missing source service attribute for char device",
        "<serial type='udp'><source mode='bind' host='h' service='1'/></serial>|Missing source service attribute for char device",
        "<serial type='file'/>|Missing source path attribute for char device",
        "<parallel type='dev'><source/></parallel>|Missing source path attribute for char device",
        "<serial type='unix'/>|Missing source path attribute for char device",
        "<serial type='nmdm'><source master='/dev/nmdm0A'/></serial>|Should define both master and slave path attributes for nmdm device",
        "<serial type='tcp'><source mode='bind' host='h' service='1'><reconnect enabled='yes' timeout='1'/></source></serial>"
            + "|chardev reconnect is possible only for connect mode",
        "<redirdev bus='usb' type='tcp'><source mode='connect' host='h'/></redirdev>|Missing source service attribute for char device",
        "<smartcard mode='passthrough' type='udp'><source mode='connect' host='h'/></smartcard>"
            + "|Missing source service attribute for char device"})
    void backendChecksAreLibvirtsInternalErrors(String devices, String words) {
        VirtException e = rejected(devices);
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code(), e.getMessage());
        assertEquals("internal error: " + words, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<serial type='pty'><source path='/a'/><source path='/b'/></serial>|XML_ERROR|only one source element is allowed for character device",
        "<serial type='tcp'><source host='h' service='1'/><protocol type='ssh'/></serial>|CONFIG_UNSUPPORTED|Unknown protocol 'ssh'",
        "<serial type='teletype'/>|CONFIG_UNSUPPORTED|unknown type presented to host for character device: teletype",
        "<channel type='pty'/>|XML_ERROR|target type must be specified for channel device",
        "<channel type='pty'><target type='guestfwd' address='::1' port='1'/></channel>"
            + "|CONFIG_UNSUPPORTED|guestfwd channel only supports IPv4 addresses",
        "<serial type='pty'><target type='isa-bus'/></serial>"
            + "|CONFIG_UNSUPPORTED|unknown target type 'isa-bus' specified for character device",
        "<serial type='tcp'><source host='h' service='1'><reconnect enabled='yes'/></source></serial>"
            + "|XML_ERROR|Missing required attribute 'timeout' in element 'reconnect'",
        "<channel type='spiceport'><source channel='a b'/><target type='virtio'/></channel>"
            + "|INVALID_ARG|Invalid character in source channel for char device"})
    void parseRulesWithLibvirtsCodesAndWords(String devices, ErrorCode code, String words) {
        VirtException e = rejected(devices);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().endsWith(words), e.getMessage());
    }

    @Test
    void eachBackendKeepsItsOwnAttributesInLibvirtsOrder() {
        assertEquals("""
            <serial type='file'>
              <source path='/var/log/s.log' append='on'/>
              <log file='/var/log/l.log' append='off'/>
              <target port='0'/>
            </serial>
            <serial type='tcp'>
              <source mode='connect' host='h' service='7' tls='yes'>
                <reconnect enabled='yes' timeout='5'/>
              </source>
              <protocol type='telnet'/>
              <target port='1'/>
            </serial>
            <serial type='udp'>
              <source mode='bind' host='0.0.0.0' service='2'/>
              <source mode='connect' host='h' service='1'/>
              <target port='2'/>
            </serial>
            <console type='file'>
              <source path='/var/log/s.log' append='on'/>
              <log file='/var/log/l.log' append='off'/>
              <target type='serial' port='0'/>
            </console>
            """, devices("<serial type='file'><log append='off' file='/var/log/l.log'/><target port='0'/>"
            + "<source append='on' path='/var/log/s.log' host='ignored' mode='bind'/></serial>"
            + "<serial type='tcp'><target port='1'/><protocol type='telnet'/>"
            + "<source tls='yes' service='7' host='h' path='ignored'><reconnect timeout='5' enabled='yes'/></source></serial>"
            + "<serial type='udp'><source host='h' service='1'/><source mode='bind' host='0.0.0.0' service='2'/>"
            + "<target port='2'/></serial>"));
    }

    /**
     * libvirt reads a pty's path only from live XML and never reads tty (virsh 9.0's define or
     * create of this definition on libvirt's test driver, then dumpxml of the running domain, shows
     * neither); a live definition shows the path, and tty on the first console only.
     */
    @Test
    void aPtyPathBelongsToTheRunningGuestOnly() {
        String xml = domain("<serial type='pty' tty='/dev/pts/8'><source path='/dev/pts/7'/><target port='0'/></serial>"
            + "<console type='pty' tty='/dev/pts/9'><source path='/dev/pts/9'/><target type='virtio' port='0'/></console>"
            + "<console type='pty'><source path='/dev/pts/4'/><target type='virtio' port='1'/></console>");
        DomainDef given = DomainXml.parse(xml);
        for (String out : List.of(DomainXml.format(given, 1), DomainXml.format(given, -1))) {
            assertFalse(out.contains("/dev/pts"), out);
            assertTrue(out.contains("<serial type='pty'>\n      <target"), out);
        }

        DomainDef live = DomainXml.parseLive(xml, DomainDefDefaults.NONE);
        String running = DomainXml.format(live, 1);
        assertTrue(running.contains("<serial type='pty'>\n      <source path='/dev/pts/7'/>"), running);
        assertTrue(running.contains("<console type='pty' tty='/dev/pts/9'>\n      <source path='/dev/pts/9'/>"), running);
        assertTrue(running.contains("<console type='pty'>\n      <source path='/dev/pts/4'/>"), running);
        assertFalse(DomainXml.format(live, -1).contains("/dev/pts"), "an inactive definition has no pty path");
    }

    /** virDomainRedirdevDefParseXML gives a dbus redirdev QEMU's usbredir channel (it was refused for having none). */
    @Test
    void aDbusRedirdevGetsTheUsbredirChannel() {
        assertEquals("""
            <redirdev bus='usb' type='dbus'>
              <source channel='org.qemu.usbredir'/>
            </redirdev>
            """, devices("<redirdev bus='usb' type='dbus'/>"));
    }

    @Test
    void aSmartcardGetsItsCcidControllerAndSlot() {
        assertEquals("""
            <controller type='ccid' index='0'/>
            <smartcard mode='passthrough' type='unix'>
              <source mode='connect' path='/s'/>
              <address type='ccid' controller='0' slot='0'/>
            </smartcard>
            <smartcard mode='host'>
              <address type='ccid' controller='0' slot='1'/>
            </smartcard>
            """, devices("<smartcard mode='passthrough' type='unix'><source path='/s'/></smartcard>"
            + "<smartcard mode='host'/>"));
    }

    /** The devices libvirt allows once (its parser's checks; the schema says the same). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<watchdog model='ib700'/><watchdog model='i6300esb'/>|INTERNAL_ERROR|only a single watchdog device is supported",
        "<memballoon model='virtio'/><memballoon model='none'/>|INTERNAL_ERROR|only a single memory balloon device is supported",
        "<vsock model='virtio'/><vsock model='virtio'/>|XML_ERROR|only a single vsock device is supported",
        "<iommu model='intel'/><iommu model='intel'/>|XML_ERROR|only a single IOMMU device is supported",
        "<tpm><backend type='emulator'/></tpm><tpm><backend type='emulator'/></tpm><tpm><backend type='emulator'/></tpm>"
            + "|XML_ERROR|a maximum of two TPM devices is supported, one of them being a TPM Proxy device"})
    void singleDevices(String devices, ErrorCode code, String words) {
        VirtException e = rejected(devices);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().endsWith(words), e.getMessage());
    }

    /** virDomainMemballoonDefFormat writes a stats period only when polling is on (the schema wants a positive one). */
    @Test
    void aBalloonWithoutPollingHasNoStatsElement() {
        assertEquals("<memballoon model='virtio'/>\n", devices("<memballoon model='virtio'><stats period='0'/></memballoon>"));
        assertEquals("<memballoon model='virtio'/>\n", devices("<memballoon model='virtio'><stats period='-5'/></memballoon>"));
        assertTrue(devices("<memballoon model='virtio'><stats period='10'/></memballoon>").contains("<stats period='10'/>"));
    }

    /** virDomainDefAddConsoleCompat and the console loop of virDomainDefFormatInternal. */
    @Test
    void consolesAliasSerialPortsAsLibvirtWritesThem() {
        // the alias carries the serial port's address; a pci-serial port gets no console; console n
        // is port n whatever the XML says, and a virtio console brings its virtio-serial controller
        // (virsh -c test:///default define + dumpxml: port='0', the controller)
        assertEquals("""
            <controller type='virtio-serial' index='0'/>
            <serial type='pty'>
              <target type='isa-serial' port='0'>
                <model name='isa-serial'/>
              </target>
              <address type='isa' iobase='0x3f8'/>
            </serial>
            <console type='pty'>
              <target type='serial' port='0'/>
              <address type='isa' iobase='0x3f8'/>
            </console>
            <console type='pty'>
              <target type='virtio' port='0'/>
            </console>
            """, devices("<serial type='pty'><target type='isa-serial' port='0'><model name='isa-serial'/></target>"
            + "<address type='isa' iobase='0x3f8'/></serial><console type='pty'><target type='virtio' port='1'/></console>"));
        assertEquals("""
            <serial type='pty'>
              <target type='pci-serial' port='0'/>
            </serial>
            """, devices("<serial type='pty'><target type='pci-serial' port='0'/></serial>"));
        VirtException e = rejected("<console type='pty'><target type='virtio'/></console>"
            + "<console type='pty'><target type='serial'/></console>");
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().endsWith("Only the first console can be a serial port"), e.getMessage());
    }

    /** virDomainDefPostParseVideo: a first video of type none keeps nothing but its type (and alias), and is not primary. */
    @Test
    void aNoneVideoKeepsOnlyItsType() {
        assertEquals("""
            <video>
              <model type='none'/>
            </video>
            """, devices("<video><model type='none' vram='16384' heads='1'/><address type='pci' bus='0x00' slot='0x02'/>"
            + "</video>"));
    }

    /** The interface's isolated port right after its bandwidth, as virNetworkPortOptionsFormat writes it. */
    @Test
    void anIsolatedPortComesAfterTheSource() {
        assertTrue(devices("<interface type='network'><mac address='52:54:00:d6:c0:0b'/><source network='default'/>"
            + "<model type='virtio'/><port isolated='yes'/></interface>").contains("""
            <source network='default'/>
              <port isolated='yes'/>
              <model type='virtio'/>
            """), "port before model");
    }

    /** A hostdev interface writes its driver before its source, as virDomainHostdevDefFormatSubsys does. */
    @Test
    void aHostdevInterfaceHasItsDriverFirst() {
        assertTrue(devices("<interface type='hostdev' managed='yes'><mac address='00:11:22:33:44:55'/><source>"
            + "<address type='pci' domain='0x0000' bus='0x06' slot='0x12' function='0x1'/></source>"
            + "<driver name='vfio'/></interface>").contains("""
              <mac address='00:11:22:33:44:55'/>
              <driver name='vfio'/>
              <source>
            """), "driver before source");
    }

    /**
     * What a device's libvirt parser does not read is not kept: dropped, or refused under
     * VALIDATE (it was kept and written back, which libvirt's schema refuses).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<input type='mouse' bus='ps2' junk='1'/>|<input type='mouse' bus='ps2'/>|attribute 'junk'",
        "<watchdog model='ib700'><foo/></watchdog>|<watchdog model='ib700'/>|element 'domain/devices/watchdog/foo'",
        "<sound model='ich6' volume='11'/>|<sound model='ich6'/>|attribute 'volume'",
        "<controller type='usb' index='0' speed='fast'/>|<controller type='usb' index='0'/>|attribute 'speed'",
        "<panic model='isa' loud='yes'/>|<panic model='isa'/>|attribute 'loud'"})
    void whatLibvirtDoesNotReadIsNotKept(String device, String written, String refused) {
        assertEquals(written + "\n", devices(device));
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse(domain(device), true));
        assertEquals(ErrorCode.XML_DETAIL, e.code());
        assertTrue(e.getMessage().contains("unsupported " + refused), e.getMessage());
    }

    @Test
    void sourcesKeepOnlyTheirTypesAttributes() {
        assertTrue(devices("<disk type='file' device='disk'><source file='/a' weird='2'/><target dev='vda' bus='virtio'/>"
            + "</disk>").contains("<source file='/a'/>"));
        assertTrue(devices("<interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='br0' x='y'/>"
            + "</interface>").contains("<source bridge='br0'/>"));
    }

    // ---- beyond devices: the same family elsewhere ----

    /** A CPU model element with only a vendor id, a loader with only attributes: kept, as libvirt writes them. */
    @Test
    void elementsWithoutTextAreKept() {
        String xml = DomainXml.format(DomainXml.parse("<domain type='kvm'><name>g</name><memory>1024</memory>"
            + "<os firmware='bios'><type>hvm</type><loader stateless='yes'/></os>"
            + "<cpu mode='host-model' check='partial'><model vendor_id='Libvirt QEMU'/></cpu></domain>"));
        assertTrue(xml.contains("<model vendor_id='Libvirt QEMU'/>"), xml);
        assertTrue(xml.contains("<loader stateless='yes'/>"), xml);
    }

    /** cpu@migratable is libvirt's on/off switch (it was written back as yes/no, which the schema refuses). */
    @Test
    void cpuMigratableIsAnOnOffSwitch() {
        String xml = DomainXml.format(DomainXml.parse("<domain type='kvm'><name>g</name><memory>1024</memory>"
            + "<os><type>hvm</type></os><cpu mode='host-passthrough' migratable='off'/></domain>"));
        assertTrue(xml.contains("<cpu mode='host-passthrough' migratable='off'"), xml);
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse("<domain type='kvm'><name>g</name>"
            + "<memory>1024</memory><os><type>hvm</type></os><cpu mode='custom' migratable='on'/></domain>"));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertThrows(VirtException.class, () -> DomainXml.parse("<domain type='kvm'><name>g</name>"
            + "<memory>1024</memory><os><type>hvm</type></os><cpu mode='host-passthrough' migratable='yes'/></domain>"));
    }
}
