package io.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.SnapshotCreateFlag;
import io.jvirt.api.VirtException;

/**
 * A redefined disk-only snapshot of test:///default's domain with one disk request each: the
 * {@code <disks>} libvirt 9.0's test driver writes back (virDomainSnapshotDiskDefParseXML,
 * virDomainStorageSourceParse and virDomainSnapshotAlignDisks), or its refusal. The expectations
 * are what libvirt 9.0 answered to the same calls.
 */
class SnapshotDisksTest {

    private final Connection conn = Fixture.connector().open("test:///default");

    @AfterEach
    void close() {
        conn.close();
    }

    private String redefine(String disk) {
        Domain test = conn.lookupByName("test");
        String xml = "<domainsnapshot><name>s</name><state>disk-snapshot</state><creationTime>1</creationTime><disks>" + disk
            + "</disks>" + test.xmlDesc(io.jvirt.api.XmlFlag.INACTIVE) + "</domainsnapshot>";
        try {
            String out = test.snapshotCreateXml(xml, SnapshotCreateFlag.REDEFINE).xmlDesc();
            Matcher m = Pattern.compile("  <disks>\n(.*?)  </disks>\n", Pattern.DOTALL).matcher(out);
            return m.find() ? m.group(1) : "(no disks)";
        } catch (VirtException e) {
            return "ERROR: " + e.getMessage();
        }
    }

    private static String external(String type, String body) {
        return "    <disk name='vda' snapshot='external' type='" + type + "'>\n" + body + "    </disk>\n";
    }

    @Test
    void fileImages() {
        // the format before the source; a startup policy is not read, an fdgroup is
        assertEquals(external("file", "      <driver type='qcow2'/>\n      <source file='/a' fdgroup='g'/>\n"),
            redefine("<disk name='vda'><source file='/a' startupPolicy='optional' fdgroup='g'/><driver type='qcow2'/></disk>"));
        // labelskip is read outside internal parses; a label without relabel is written relabel='yes'
        assertEquals(external("file", "      <source file='/a'>\n        <seclabel model='dac' labelskip='yes'/>\n"
                + "        <seclabel model='selinux' relabel='yes'/>\n      </source>\n"),
            redefine("<disk name='vda' type='file'><source file='/a'><seclabel model='dac' labelskip='yes'/>"
                + "<seclabel model='selinux'><label></label></seclabel></source></disk>"));
        // a zero metadata cache is taken and not written
        assertEquals(external("file", "      <driver type='qcow2'/>\n      <source file='/a'/>\n"),
            redefine("<disk name='vda'><source file='/a'/><driver type='qcow2'><metadata_cache><max_size>0</max_size>"
                + "</metadata_cache></driver></disk>"));
        assertEquals("ERROR: unsupported configuration: file '/x' for disk 'vda' requires use of external snapshot mode",
            redefine("<disk name='vda' snapshot='internal'><source file='/x'/></disk>"));
        // an external disk without an image is named after its domain disk's file, which must be a regular file
        assertEquals("ERROR: unsupported configuration: source for disk 'vda' is not a regular file; refusing to generate "
            + "external snapshot name", redefine("<disk name='vda'><driver type='qed'/><source file=''/></disk>"));
    }

    @Test
    void networkImages() {
        // default ports for TCP hosts, tcp not written, no security labels, HTTP cookies never written
        assertEquals(external("network", "      <source protocol='https' name='/p' query='q'>\n"
                + "        <host name='h' port='443'/>\n        <ssl verify='no'/>\n        <timeout seconds='10'/>\n"
                + "      </source>\n"),
            redefine("<disk name='vda' type='network'><source protocol='https' name='/p' query='q'>"
                + "<host name='h' transport='tcp'/><seclabel model='dac' relabel='no'/><ssl verify='no'/>"
                + "<cookies><cookie name='a'>b</cookie></cookies><timeout seconds='10'/></source></disk>"));
        // rbd has no default port; its snapshot, config and auth follow the hosts
        assertEquals(external("network", "      <source protocol='rbd' name='pool/img'>\n        <host name='m1'/>\n"
                + "        <host name='m2' transport='rdma'/>\n        <snapshot name='s1'/>\n"
                + "        <config file='/etc/ceph.conf'/>\n        <auth username='u'>\n"
                + "          <secret type='ceph' usage='x'/>\n        </auth>\n      </source>\n"),
            redefine("<disk name='vda' type='network'><source protocol='rbd' name='pool/img'><auth username='u'>"
                + "<secret type='ceph' usage='x'/></auth><config file='/etc/ceph.conf'/><snapshot name='s1'/>"
                + "<host name='m1'/><host name='m2' transport='rdma'/></source></disk>"));
        assertEquals("ERROR: XML error: can't split path 'nosplit' into pool name and image name",
            redefine("<disk name='vda' type='network'><source protocol='gluster' name='nosplit'><host name='h'/></source></disk>"));
        assertEquals("ERROR: invalid argument: port '70000' out of range",
            redefine("<disk name='vda' type='network'><source protocol='nbd' name='e'><host name='h' port='70000'/></source></disk>"));
        assertEquals("ERROR: XML error: transport '(null)' does not support socket attribute",
            redefine("<disk name='vda' type='network'><source protocol='nbd' name='e'><host name='h' socket='/s'/></source></disk>"));
        // nbd's name is optional, but without it there is no image and none can be named
        assertEquals("ERROR: unsupported configuration: cannot generate external snapshot name for disk 'vda' on a 'network' device",
            redefine("<disk name='vda' type='network'><source protocol='nbd' tls='yes'><host name='h'/></source></disk>"));
    }
}
