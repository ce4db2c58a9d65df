package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainStatsRecord;
import io.jvirt.api.DomainStatsType;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * Domain statistics, I/O threads, blkio parameters and CPU statistics of the remote driver
 * against a real libvirtd 9.0's test driver (test:///default in a private daemon): what libvirt's
 * own test driver answers reaches the jvirt API through jvirt's client. Changes are made on a
 * transient domain of each test's own, which goes when the test ends.
 */
class RemoteLibvirtdDomainStatsTest {

    private static PrivateLibvirtd libvirtd;
    private static Connector connector;

    @BeforeAll
    static void start() throws Exception {
        libvirtd = PrivateLibvirtd.start();
        connector = StandaloneConnector.create(null, new RemoteDriver());
    }

    @AfterAll
    static void stop() throws Exception {
        if (libvirtd != null) {
            libvirtd.close();
        }
    }

    private static Domain transientDomain(Connection c, String name) {
        return c.createXml("<domain type='test'><name>" + name + "</name><uuid>" + UUID.randomUUID() + "</uuid>"
            + "<memory unit='KiB'>65536</memory><vcpu>2</vcpu><iothreads>1</iothreads><os><type>hvm</type></os></domain>");
    }

    @Test
    void domainStatsOfLibvirtsTestDriver() {
        try (Connection c = connector.open(libvirtd.testUri())) {
            Domain test = c.lookupByName("test");
            List<DomainStatsRecord> records = c.domainListStats(List.of(test), Set.of(DomainStatsType.STATE));
            assertEquals(1, records.size());
            assertEquals("test", records.get(0).domain().name());
            assertEquals(new TypedParameter("state.state", TypedParameter.Type.INT, 1), records.get(0).params().get(0));
            assertTrue(c.allDomainStats(Set.of()).stream().anyMatch(r -> r.domain().name().equals("test")));
            VirtException e = assertThrows(VirtException.class, () -> c.allDomainStats(Set.of(DomainStatsType.VCPU),
                io.jvirt.api.DomainStatsFlag.ENFORCE_STATS));
            assertEquals(ErrorCode.ARGUMENT_UNSUPPORTED, e.code());
        }
    }

    @Test
    void ioThreadsOnATransientDomain() {
        try (Connection c = connector.open(libvirtd.testUri())) {
            Domain d = transientDomain(c, "iothreads");
            try {
                assertEquals(1, d.ioThreadInfo().size());
                d.addIoThread(4);
                BitSet cpu0 = new BitSet();
                cpu0.set(0);
                d.pinIoThread(4, cpu0);
                assertEquals(List.of(1, 4), d.ioThreadInfo().stream().map(io.jvirt.api.IoThreadInfo::id).toList());
                assertEquals(cpu0, d.ioThreadInfo().get(1).cpus());
                d.setIoThreadParameters(4, List.of(TypedParameter.ofUint("poll_grow", 3)));
                DomainStatsRecord r = c.domainListStats(List.of(d), Set.of(DomainStatsType.IOTHREAD)).get(0);
                assertTrue(r.params().contains(TypedParameter.ofUint("iothread.4.poll-grow", 3)), r.params().toString());
                VirtException dup = assertThrows(VirtException.class, () -> d.addIoThread(4));
                assertEquals(ErrorCode.INVALID_ARG, dup.code());
                assertTrue(dup.getMessage().contains("an IOThread is already using iothread_id '4'"), dup.getMessage());
                d.deleteIoThread(4);
                assertEquals(1, d.ioThreadInfo().size());
            } finally {
                d.destroy();
            }
        }
    }

    @Test
    void blkioAndCpuStatisticsOnATransientDomain() {
        try (Connection c = connector.open(libvirtd.testUri())) {
            Domain d = transientDomain(c, "blkio");
            try {
                d.setBlkioParameters(List.of(TypedParameter.ofUint("weight", 400),
                    new TypedParameter("device_read_iops_sec", TypedParameter.Type.STRING, "/dev/sda,5")));
                List<TypedParameter> p = d.blkioParameters();
                assertEquals(6, p.size(), p.toString());
                assertEquals(TypedParameter.ofUint("weight", 400), p.get(0));
                assertTrue(p.contains(new TypedParameter("device_read_iops_sec", TypedParameter.Type.STRING, "/dev/sda,5")), p.toString());
                assertEquals(new TypedParameter("cpu_time", TypedParameter.Type.ULLONG, 48772617035L), d.cpuStatsTotal().get(0));
                int cpus = d.cpuStatsCpuCount();
                assertTrue(cpus > 0);
                List<List<TypedParameter>> per = d.cpuStats(0, cpus);
                assertEquals(cpus, per.size());
                assertEquals("vcpu_time", per.get(0).get(1).field());
            } finally {
                d.destroy();
            }
        }
    }
}
