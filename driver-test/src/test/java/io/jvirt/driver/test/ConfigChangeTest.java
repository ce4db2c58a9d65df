package io.jvirt.driver.test;

import static io.jvirt.driver.test.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.MetadataType;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.XmlFlag;

/** Memory, vCPU and metadata changes with LIVE/CONFIG semantics, and isUpdated. */
class ConfigChangeTest {

    private static final String UUID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private final Connection conn = Fixture.connector().open("test:///default");

    @AfterEach
    void close() {
        conn.close();
    }

    private Domain running() {
        Domain d = conn.defineXml(Fixture.domainXml("vm", UUID));
        d.create();
        return d;
    }

    @Test
    void liveMemoryChangeLeavesThePersistentDefinition() {
        Domain d = running();
        d.setMemory(262144, ModificationImpact.LIVE);
        assertEquals(262144, d.info().memoryKiB());
        assertTrue(d.xmlDesc(XmlFlag.INACTIVE).contains("<currentMemory unit='KiB'>524288</currentMemory>"));
        assertFalse(d.isUpdated());
        d.destroy();
        assertEquals(524288, d.info().memoryKiB());
    }

    @Test
    void configChangeOfARunningDomainIsUpdatedAndAppliesAtTheNextStart() {
        Domain d = running();
        d.setMemory(131072, ModificationImpact.CONFIG);
        assertEquals(524288, d.info().memoryKiB());
        assertTrue(d.isUpdated());
        assertTrue(d.xmlDesc(XmlFlag.INACTIVE).contains("<currentMemory unit='KiB'>131072</currentMemory>"));
        d.destroy();
        assertFalse(d.isUpdated());
        assertEquals(131072, d.info().memoryKiB());
        d.create();
        assertFalse(d.isUpdated());
        assertEquals(131072, d.info().memoryKiB());
    }

    @Test
    void redefiningARunningDomainMarksItUpdated() {
        Domain d = running();
        conn.defineXml(Fixture.domainXml("vm", UUID).replace("1048576", "2097152"));
        assertTrue(d.isUpdated());
        assertEquals(1048576, d.info().maxMemoryKiB());
        d.shutdown();
        assertEquals(2097152, d.info().maxMemoryKiB());
    }

    @Test
    void memoryErrorsUseLibvirtsWords() {
        Domain d = conn.defineXml(Fixture.domainXml("vm", UUID));
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain is not running",
            () -> d.setMemory(1024, ModificationImpact.LIVE));
        assertError(ErrorCode.INVALID_ARG, "invalid argument: cannot set memory higher than max memory",
            () -> d.setMemory(4194304));
        d.setMaxMemory(262144); // inactive: allowed, current memory follows it down
        assertEquals(262144, d.info().maxMemoryKiB());
        assertEquals(262144, d.info().memoryKiB());
        d.create();
        assertError(ErrorCode.OPERATION_INVALID,
            "Requested operation is not valid: cannot resize the maximum memory on an active domain",
            () -> d.setMaxMemory(524288));
        assertError(ErrorCode.INVALID_ARG,
            "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive",
            () -> d.setMemory(1024, ModificationImpact.LIVE, ModificationImpact.CONFIG));
        d.setMemory(524288, ModificationImpact.CONFIG, ModificationImpact.MAXIMUM);
        assertEquals(262144, d.info().maxMemoryKiB()); // the live definition keeps its size
        assertTrue(d.xmlDesc(XmlFlag.INACTIVE).contains("<memory unit='KiB'>524288</memory>"));
        assertTrue(d.isUpdated());
        Domain t = conn.createXml(Fixture.domainXml("tr", "aaaaaaaa-bbbb-cccc-dddd-000000000001"));
        assertError(ErrorCode.OPERATION_INVALID,
            "Requested operation is not valid: transient domains do not have any persistent config",
            () -> t.setMemory(1024, ModificationImpact.CONFIG));
    }

    @Test
    void vcpusWithLiveConfigAndMaximum() {
        Domain d = running();
        d.setVcpus(2);
        assertEquals(2, d.info().vcpus());
        d.setVcpus(3, ModificationImpact.LIVE, ModificationImpact.CONFIG);
        assertEquals(3, d.info().vcpus());
        assertTrue(d.xmlDesc(XmlFlag.INACTIVE).contains("<vcpu placement='static' current='3'>4</vcpu>"),
            d.xmlDesc(XmlFlag.INACTIVE));
        assertError(ErrorCode.INVALID_ARG, "invalid argument: requested cpu amount exceeds maximum (5 > 4)",
            () -> d.setVcpus(5));
        assertError(ErrorCode.INVALID_ARG,
            "invalid argument: requested cpu amount exceeds maximum supported amount (33 > 32)", () -> d.setVcpus(33));
        d.setVcpus(8, ModificationImpact.CONFIG, ModificationImpact.MAXIMUM);
        assertTrue(d.isUpdated());
        assertTrue(d.xmlDesc(XmlFlag.INACTIVE).contains(">8</vcpu>"));
        d.destroy();
        d.setVcpus(2, ModificationImpact.CONFIG, ModificationImpact.MAXIMUM);
        assertTrue(d.xmlDesc().contains("<vcpu placement='static'>2</vcpu>"), d.xmlDesc());
    }

    @Test
    void titleAndDescriptionPerDefinition() {
        Domain d = running();
        assertError(ErrorCode.NO_DOMAIN_METADATA, "metadata not found: Requested metadata element is not present",
            () -> d.metadata(MetadataType.TITLE, null));
        d.setMetadata(MetadataType.TITLE, "live title", null, null, ModificationImpact.LIVE);
        d.setMetadata(MetadataType.DESCRIPTION, "both", null, null, ModificationImpact.LIVE, ModificationImpact.CONFIG);
        assertEquals("live title", d.metadata(MetadataType.TITLE, null));
        assertEquals("both", d.metadata(MetadataType.DESCRIPTION, null, ModificationImpact.CONFIG));
        assertError(ErrorCode.NO_DOMAIN_METADATA, "metadata not found: Requested metadata element is not present",
            () -> d.metadata(MetadataType.TITLE, null, ModificationImpact.CONFIG));
        d.setMetadata(MetadataType.TITLE, "", null, null, ModificationImpact.LIVE);
        assertError(ErrorCode.NO_DOMAIN_METADATA, "metadata not found: Requested metadata element is not present",
            () -> d.metadata(MetadataType.TITLE, null));
        assertError(ErrorCode.INVALID_ARG, "invalid argument: Domain title can't contain newlines",
            () -> d.setMetadata(MetadataType.TITLE, "a\nb", null, null));
    }
}
