package io.jvirt.driver.test;

import java.util.HashSet;
import java.util.Set;

import io.jvirt.api.NodeInfo;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.InterfaceDef;

/**
 * The test driver's fixed facts (libvirt's {@code test_driver.c}): the default host, its domain, and
 * the defaults the driver applies to every definition it parses.
 */
final class TestDefaults implements DomainDefDefaults {

    static final TestDefaults INSTANCE = new TestDefaults();

    /** libvirt's {@code defaultNodeInfo}: i686, 3 GiB, 16 CPUs at 1400 MHz, 2 nodes x 2 sockets x 2 cores x 2 threads. */
    static final NodeInfo DEFAULT_NODE = new NodeInfo("i686", 3 * 1024 * 1024, 16, 1400, 2, 2, 2, 2);

    /** What {@code virConnectGetMaxVcpus} answers, and the bound of {@code virDomainSetVcpusFlags}. */
    static final int MAX_VCPUS = 32;

    /** testDomainGetInfo's CPU time: the host's clock in nanoseconds since the epoch, at microsecond precision. */
    static long cpuTimeNow() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + (now.getNano() / 1_000) * 1_000L;
    }

    /** The domain of libvirt's {@code defaultConnXML} (disk, network interface and balloon included). */
    static final String DEFAULT_DOMAIN_XML = """
        <domain type='test'>
          <name>test</name>
          <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
          <memory>8388608</memory>
          <currentMemory>2097152</currentMemory>
          <vcpu>2</vcpu>
          <os>
            <type>hvm</type>
          </os>
          <devices>
            <disk type='file' device='disk'>
              <source file='/guest/diskimage1'/>
              <target dev='vda' bus='virtio'/>
              <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
            </disk>
            <interface type='network'>
              <mac address='aa:bb:cc:dd:ee:ff'/>
              <source network='default' bridge='virbr0'/>
              <address type='pci' domain='0x0000' bus='0x00' slot='0x1' function='0x0'/>
            </interface>
            <memballoon model='virtio'>
              <address type='pci' domain='0x0000' bus='0x00' slot='0x2' function='0x0'/>
            </memballoon>
          </devices>
        </domain>
        """;

    /** The network of libvirt's {@code defaultConnXML}: {@code <forward/>} is NAT. */
    static final String DEFAULT_NETWORK_XML = """
        <network>
          <name>default</name>
          <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>
          <bridge name='virbr0'/>
          <forward/>
          <ip address='192.168.122.1' netmask='255.255.255.0'>
            <dhcp>
              <range start='192.168.122.2' end='192.168.122.254'/>
            </dhcp>
          </ip>
        </network>
        """;

    /** libvirt's defaultConnXML storage pool "default-pool": a dir pool at /default-pool, without volumes. */
    static final String DEFAULT_POOL_XML = """
        <pool type='dir'>
          <name>default-pool</name>
          <uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>
          <target>
            <path>/default-pool</path>
          </target>
        </pool>
        """;

    /** The guest architecture libvirt's test driver assumes ({@code defArch = VIR_ARCH_I686}). */
    static final String DEFAULT_ARCH = "i686";

    private TestDefaults() {
    }

    /** Parses domain XML as the test driver does: its defaults, its metadata namespace taken out. */
    static ParsedDomain parse(String xml, boolean validate) {
        DomainDef def = DomainXml.parse(xml, validate, INSTANCE);
        return new ParsedDomain(def, TestNamespace.extract(def));
    }

    /** A parsed definition and what its {@code test:} namespace elements said. */
    record ParsedDomain(DomainDef def, TestNamespace ns) {
    }

    @Override
    public void apply(DomainDef def) {
        if (def.arch() == null) {
            def.arch(DEFAULT_ARCH);
        }
        generateIfnames(def);
        IoThreadIds.fillIds(def);
        if (def.kept("blkiotune") != null) {
            // libvirt keeps the tune as its device list and writes it in its own order
            BlkioTune.of(def).writeTo(def);
        }
    }

    /**
     * libvirt's {@code testDomainDevicesDefPostParse}: a video without a type is xen for a Xen
     * guest (os type xen or linux), vga on ppc64, cirrus elsewhere.
     */
    @Override
    public String defaultVideoType(DomainDef def) {
        if ("xen".equals(def.osType()) || "linux".equals(def.osType())) {
            return "xen";
        }
        return def.arch() != null && def.arch().startsWith("ppc64") ? "vga" : "cirrus";
    }

    /**
     * libvirt's {@code testDomainGenerateIfnames}: every interface without a host-side name gets the
     * first free "testnetN", which then shows in the domain XML as {@code <target dev='testnet0'/>}.
     */
    static void generateIfnames(DomainDef def) {
        Set<String> taken = new HashSet<>();
        for (InterfaceDef net : def.interfaces()) {
            if (net.targetDev() != null) {
                taken.add(net.targetDev());
            }
        }
        int next = 0;
        for (InterfaceDef net : def.interfaces()) {
            if (net.targetDev() == null) {
                while (taken.contains("testnet" + next)) {
                    next++;
                }
                net.targetDev("testnet" + next);
                taken.add("testnet" + next);
            }
        }
    }
}
