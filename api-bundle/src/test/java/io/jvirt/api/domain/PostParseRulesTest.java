package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * libvirt's generic post-parse (domain_postparse.c: disk buses and drive addresses, implicit
 * controllers, character device targets and ports, the loader type, the implicit video; and
 * virDomainDefParseCaps' os types) against real virsh 9.0 on libvirt's test driver: each input
 * was defined and dumped there, and the os and devices of its output are what jvirt must write.
 * Parsed here with the test driver's rules as libvirt's test_driver.c has them (arch i686, its
 * video type rule), so only the generic layer is under test.
 */
class PostParseRulesTest {

    /** libvirt's test driver: i686 guests; testDomainDevicesDefPostParse's video type. */
    static final DomainDefDefaults TEST_DRIVER = new DomainDefDefaults() {
        @Override
        public void apply(DomainDef def) {
            if (def.arch() == null) {
                def.arch("i686");
            }
        }

        @Override
        public String defaultVideoType(DomainDef def) {
            return "xen".equals(def.osType()) || "linux".equals(def.osType()) ? "xen" : "cirrus";
        }
    };

    private static void assertSameAsLibvirt(String input, String expected) {
        String xml = DomainXml.format(DomainXml.parse(input, false, TEST_DRIVER));
        String os = xml.substring(xml.indexOf("  <os>"), xml.indexOf("</os>\n") + 6);
        String devices = xml.substring(xml.indexOf("  <devices>"), xml.indexOf("</devices>\n") + 11);
        assertEquals(expected, os + devices);
    }

    /** {@code virsh -c test:///default "define unknown.xml"}: a target name without an index needs an address. */
    @Test
    void aDiskNameWithoutAnIndexNeedsAnAddress() {
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse("""
            <domain type='test'><name>unknown</name><memory>131072</memory><os><type>hvm</type></os>
            <devices><disk type='file' device='disk'><source file='/a/x'/><target dev='foo' bus='virtio'/></disk></devices>
            </domain>""", false, TEST_DRIVER));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertEquals("XML error: Unknown disk name 'foo' and no address specified", e.getMessage());
        // with an address the name is not looked at
        DomainXml.parse("""
            <domain type='test'><name>unknown</name><memory>131072</memory><os><type>hvm</type></os>
            <devices><disk type='file' device='disk'><source file='/a/x'/><target dev='foo' bus='virtio'/>
            <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></disk></devices>
            </domain>""", false, TEST_DRIVER);
    }

    /** Without a driver rule for the video type no video is added (libvirt's "default" is no schema's type). */
    @Test
    void noImplicitVideoWithoutTheDriversType() {
        String xml = DomainXml.format(DomainXml.parse("""
            <domain type='test'><name>g</name><memory>131072</memory><os><type>hvm</type></os>
            <devices><graphics type='vnc'/></devices></domain>""", false, DomainDefDefaults.NONE));
        assertEquals(-1, xml.indexOf("<video>"), xml);
    }

    /** {@code virsh -c test:///default "define disks.xml; dumpxml disks"} (libvirt 9.0), its os and devices. */
    @Test
    void disks() {
        assertSameAsLibvirt("""
            <domain type='test'>
            <name>disks</name>
            <uuid>11111111-1111-4111-8111-111111111111</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>hvm</type>
            </os>
            <devices>
            <disk type='file' device='disk'>
            <source file='/a/hda'/>
            <target dev='hda'/>
            </disk>
            <disk type='file' device='disk'>
            <source file='/a/hdd'/>
            <target dev='hdd'/>
            </disk>
            <disk type='file' device='disk'>
            <source file='/a/sda'/>
            <target dev='sda'/>
            </disk>
            <disk type='file' device='disk'>
            <source file='/a/sdh'/>
            <target dev='sdh'/>
            </disk>
            <disk type='file' device='disk'>
            <source file='/a/vda'/>
            <target dev='vda'/>
            </disk>
            <disk type='file' device='disk'>
            <source file='/a/xvda'/>
            <target dev='xvda'/>
            </disk>
            <disk type='file' device='disk'>
            <source file='/a/ubda'/>
            <target dev='ubda'/>
            </disk>
            <disk type='file' device='floppy'>
            <source file='/a/fdb'/>
            <target dev='fdb'/>
            </disk>
            <disk type='file' device='cdrom'>
            <source file='/a/hdc'/>
            <target dev='hdc'/>
            </disk>
            <disk type='file' device='disk'>
            <source file='/a/sdm'/>
            <target dev='sdm' bus='sata'/>
            </disk>
            <disk type='file' device='disk'>
            <source file='/a/sdb'/>
            <target dev='sdb' bus='usb'/>
            </disk>
            </devices>
            </domain>
            """, """
              <os>
                <type arch='i686'>hvm</type>
                <boot dev='hd'/>
              </os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='/a/hda'/>
                  <target dev='hda' bus='ide'/>
                  <address type='drive' controller='0' bus='0' target='0' unit='0'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/a/sda'/>
                  <target dev='sda' bus='scsi'/>
                  <address type='drive' controller='0' bus='0' target='0' unit='0'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/a/vda'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/a/xvda'/>
                  <target dev='xvda' bus='xen'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/a/ubda'/>
                  <target dev='ubda' bus='uml'/>
                </disk>
                <disk type='file' device='floppy'>
                  <source file='/a/fdb'/>
                  <target dev='fdb' bus='fdc'/>
                  <address type='drive' controller='0' bus='0' target='0' unit='1'/>
                </disk>
                <disk type='file' device='cdrom'>
                  <source file='/a/hdc'/>
                  <target dev='hdc' bus='ide'/>
                  <readonly/>
                  <address type='drive' controller='0' bus='1' target='0' unit='0'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/a/hdd'/>
                  <target dev='hdd' bus='ide'/>
                  <address type='drive' controller='0' bus='1' target='0' unit='1'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/a/sdh'/>
                  <target dev='sdh' bus='scsi'/>
                  <address type='drive' controller='1' bus='0' target='0' unit='0'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/a/sdm'/>
                  <target dev='sdm' bus='sata'/>
                  <address type='drive' controller='2' bus='0' target='0' unit='0'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/a/sdb'/>
                  <target dev='sdb' bus='usb'/>
                </disk>
                <controller type='scsi' index='0'/>
                <controller type='scsi' index='1'/>
                <controller type='fdc' index='0'/>
                <controller type='ide' index='0'/>
                <controller type='sata' index='0'/>
                <controller type='sata' index='1'/>
                <controller type='sata' index='2'/>
              </devices>
            """);
    }

    /** {@code virsh -c test:///default "define addrs.xml; dumpxml addrs"} (libvirt 9.0), its os and devices. */
    @Test
    void addrs() {
        assertSameAsLibvirt("""
            <domain type='test'>
            <name>addrs</name>
            <uuid>22222222-2222-4222-8222-222222222222</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>hvm</type>
            </os>
            <devices>
            <disk type='file' device='disk'>
            <source file='/a/sda'/>
            <target dev='sda'/>
            <address type='drive' controller='2' bus='0' target='0' unit='3'/>
            </disk>
            <disk type='file' device='disk'>
            <source file='/a/hda'/>
            <target dev='hda'/>
            </disk>
            <disk type='file' device='disk'>
            <source file='/a/hdb'/>
            <target dev='hdb' bus='ide'/>
            </disk>
            <disk type='file' device='disk'>
            <source file='/a/sdb'/>
            <target dev='sdb' bus='scsi'/>
            </disk>
            <controller type='ide' index='0'/>
            <controller type='scsi' index='1' model='lsilogic'/>
            </devices>
            </domain>
            """, """
              <os>
                <type arch='i686'>hvm</type>
                <boot dev='hd'/>
              </os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='/a/sda'/>
                  <target dev='sda' bus='scsi'/>
                  <address type='drive' controller='2' bus='0' target='0' unit='3'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/a/hda'/>
                  <target dev='hda' bus='ide'/>
                  <address type='drive' controller='0' bus='0' target='0' unit='0'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/a/hdb'/>
                  <target dev='hdb' bus='ide'/>
                  <address type='drive' controller='0' bus='0' target='0' unit='1'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/a/sdb'/>
                  <target dev='sdb' bus='scsi'/>
                  <address type='drive' controller='0' bus='0' target='0' unit='1'/>
                </disk>
                <controller type='ide' index='0'/>
                <controller type='scsi' index='1' model='lsilogic'/>
                <controller type='scsi' index='0'/>
                <controller type='scsi' index='2'/>
              </devices>
            """);
    }

    /** {@code virsh -c test:///default "define osxen.xml; dumpxml osxen"} (libvirt 9.0), its os and devices. */
    @Test
    void osxen() {
        assertSameAsLibvirt("""
            <domain type='test'>
            <name>osxen</name>
            <uuid>44444444-4444-4444-8444-444444444443</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>xen</type>
            <kernel>/k</kernel>
            <init>/sbin/init</init>
            <boot dev='hd'/>
            </os>
            <devices>
            <console type='pty'/>
            </devices>
            </domain>
            """, """
              <os>
                <type arch='i686'>xen</type>
                <kernel>/k</kernel>
              </os>
              <devices>
                <console type='pty'>
                  <target type='serial' port='0'/>
                </console>
              </devices>
            """);
    }

    /** {@code virsh -c test:///default "define oslinux.xml; dumpxml oslinux"} (libvirt 9.0), its os and devices. */
    @Test
    void oslinux() {
        assertSameAsLibvirt("""
            <domain type='test'>
            <name>oslinux</name>
            <uuid>44444444-4444-4444-8444-444444444445</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>linux</type>
            <kernel>/k</kernel>
            <init>/sbin/init</init>
            <boot dev='hd'/>
            </os>
            <devices>
            <console type='pty'/>
            </devices>
            </domain>
            """, """
              <os>
                <type arch='i686'>linux</type>
              </os>
              <devices>
                <console type='pty'>
                  <target type='serial' port='0'/>
                </console>
              </devices>
            """);
    }

    /** {@code virsh -c test:///default "define osexe.xml; dumpxml osexe"} (libvirt 9.0), its os and devices. */
    @Test
    void osexe() {
        assertSameAsLibvirt("""
            <domain type='test'>
            <name>osexe</name>
            <uuid>44444444-4444-4444-8444-444444444443</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>exe</type>
            <kernel>/k</kernel>
            <init>/sbin/init</init>
            <boot dev='hd'/>
            </os>
            <devices>
            <console type='pty'/>
            </devices>
            </domain>
            """, """
              <os>
                <type arch='i686'>exe</type>
                <init>/sbin/init</init>
              </os>
              <devices>
                <console type='pty'>
                  <target type='serial' port='0'/>
                </console>
              </devices>
            """);
    }

    /** {@code virsh -c test:///default "define osxenvirt.xml; dumpxml osxenvirt"} (libvirt 9.0), its os and devices. */
    @Test
    void osxenvirt() {
        assertSameAsLibvirt("""
            <domain type='xen'>
            <name>osxenvirt</name>
            <uuid>55555555-5555-4555-8555-555555555555</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>linux</type>
            <kernel>/k</kernel>
            </os>
            </domain>
            """, """
              <os>
                <type arch='i686'>linux</type>
                <kernel>/k</kernel>
              </os>
              <devices>
              </devices>
            """);
    }

    /** {@code virsh -c test:///default "define chr1.xml; dumpxml chr1"} (libvirt 9.0), its os and devices. */
    @Test
    void chr1() {
        assertSameAsLibvirt("""
            <domain type='test'>
            <name>chr1</name>
            <uuid>a0000000-0000-4000-8000-000000000001</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>hvm</type>
            </os>
            <devices>
            <console type='pty'/>
            </devices>
            </domain>
            """, """
              <os>
                <type arch='i686'>hvm</type>
                <boot dev='hd'/>
              </os>
              <devices>
                <serial type='pty'>
                  <target port='0'/>
                </serial>
                <console type='pty'>
                  <target type='serial' port='0'/>
                </console>
              </devices>
            """);
    }

    /** {@code virsh -c test:///default "define chr2.xml; dumpxml chr2"} (libvirt 9.0), its os and devices. */
    @Test
    void chr2() {
        assertSameAsLibvirt("""
            <domain type='test'>
            <name>chr2</name>
            <uuid>a0000000-0000-4000-8000-000000000002</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>hvm</type>
            </os>
            <devices>
            <serial type='pty'/>
            </devices>
            </domain>
            """, """
              <os>
                <type arch='i686'>hvm</type>
                <boot dev='hd'/>
              </os>
              <devices>
                <serial type='pty'>
                  <target port='0'/>
                </serial>
                <console type='pty'>
                  <target type='serial' port='0'/>
                </console>
              </devices>
            """);
    }

    /** {@code virsh -c test:///default "define chr3.xml; dumpxml chr3"} (libvirt 9.0), its os and devices. */
    @Test
    void chr3() {
        assertSameAsLibvirt("""
            <domain type='test'>
            <name>chr3</name>
            <uuid>a0000000-0000-4000-8000-000000000003</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>hvm</type>
            </os>
            <devices>
            <serial type='pty'/>
            <serial type='null'/>
            <parallel type='pty'/>
            <parallel type='null'>
            <target port='3'/>
            </parallel>
            <console type='pty'/>
            <console type='pty'>
            <target type='virtio'/>
            </console>
            </devices>
            </domain>
            """, """
              <os>
                <type arch='i686'>hvm</type>
                <boot dev='hd'/>
              </os>
              <devices>
                <controller type='virtio-serial' index='0'/>
                <serial type='pty'>
                  <target port='0'/>
                </serial>
                <serial type='null'>
                  <target port='1'/>
                </serial>
                <parallel type='pty'>
                  <target port='0'/>
                </parallel>
                <parallel type='null'>
                  <target port='3'/>
                </parallel>
                <console type='pty'>
                  <target type='serial' port='0'/>
                </console>
                <console type='pty'>
                  <target type='virtio' port='1'/>
                </console>
              </devices>
            """);
    }

    /** {@code virsh -c test:///default "define chr4.xml; dumpxml chr4"} (libvirt 9.0), its os and devices. */
    @Test
    void chr4() {
        assertSameAsLibvirt("""
            <domain type='test'>
            <name>chr4</name>
            <uuid>a0000000-0000-4000-8000-000000000004</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>xen</type>
            <kernel>/k</kernel>
            </os>
            <devices>
            <serial type='pty'/>
            <console type='pty'/>
            <console type='null'>
            <target type='xen'/>
            </console>
            </devices>
            </domain>
            """, """
              <os>
                <type arch='i686'>xen</type>
                <kernel>/k</kernel>
              </os>
              <devices>
                <serial type='pty'>
                  <target port='0'/>
                </serial>
                <console type='pty'>
                  <target type='serial' port='0'/>
                </console>
                <console type='null'>
                  <target type='xen' port='1'/>
                </console>
              </devices>
            """);
    }

    /** {@code virsh -c test:///default "define chr5.xml; dumpxml chr5"} (libvirt 9.0), its os and devices. */
    @Test
    void chr5() {
        assertSameAsLibvirt("""
            <domain type='test'>
            <name>chr5</name>
            <uuid>a0000000-0000-4000-8000-000000000005</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>hvm</type>
            </os>
            <devices>
            <serial type='pty'>
            <target port='2'/>
            </serial>
            <serial type='null'/>
            <console type='pty'>
            <target type='virtio' port='4'/>
            </console>
            <console type='null'>
            <target type='virtio'/>
            </console>
            </devices>
            </domain>
            """, """
              <os>
                <type arch='i686'>hvm</type>
                <boot dev='hd'/>
              </os>
              <devices>
                <controller type='virtio-serial' index='0'/>
                <serial type='pty'>
                  <target port='2'/>
                </serial>
                <serial type='null'>
                  <target port='3'/>
                </serial>
                <console type='pty'>
                  <target type='serial' port='2'/>
                </console>
                <console type='pty'>
                  <target type='virtio' port='0'/>
                </console>
                <console type='null'>
                  <target type='virtio' port='1'/>
                </console>
              </devices>
            """);
    }

    /** {@code virsh -c test:///default "define vid1.xml; dumpxml vid1"} (libvirt 9.0), its os and devices. */
    @Test
    void vid1() {
        assertSameAsLibvirt("""
            <domain type='test'>
            <name>vid1</name>
            <uuid>a0000000-0000-4000-8000-000000000006</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>hvm</type>
            <loader>/l</loader>
            </os>
            <devices>
            <graphics type='vnc'/>
            <graphics type='sdl'/>
            </devices>
            </domain>
            """, """
              <os>
                <type arch='i686'>hvm</type>
                <loader type='rom'>/l</loader>
                <boot dev='hd'/>
              </os>
              <devices>
                <graphics type='vnc' port='-1' autoport='yes'>
                  <listen type='address'/>
                </graphics>
                <graphics type='sdl'/>
                <video>
                  <model type='cirrus' vram='16384' heads='1' primary='yes'/>
                </video>
              </devices>
            """);
    }

    /** {@code virsh -c test:///default "define vid2.xml; dumpxml vid2"} (libvirt 9.0), its os and devices. */
    @Test
    void vid2() {
        assertSameAsLibvirt("""
            <domain type='test'>
            <name>vid2</name>
            <uuid>a0000000-0000-4000-8000-000000000007</uuid>
            <memory>131072</memory>
            <vcpu>1</vcpu>
            <os>
            <type>xen</type>
            <kernel>/k</kernel>
            <loader readonly='yes'>/l</loader>
            </os>
            <devices>
            <graphics type='vnc'/>
            </devices>
            </domain>
            """, """
              <os>
                <type arch='i686'>xen</type>
                <loader readonly='yes' type='rom'>/l</loader>
                <kernel>/k</kernel>
              </os>
              <devices>
                <graphics type='vnc' port='-1' autoport='yes'>
                  <listen type='address'/>
                </graphics>
                <video>
                  <model type='xen' vram='4096' heads='1' primary='yes'/>
                </video>
              </devices>
            """);
    }
}
