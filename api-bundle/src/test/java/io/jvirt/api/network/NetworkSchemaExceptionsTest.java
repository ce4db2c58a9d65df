package io.jvirt.api.network;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.testing.LibvirtSchemas;

/** The network schema oracle's exceptions explain what a newer feature causes and nothing else. */
class NetworkSchemaExceptionsTest {

    private static final String HOSTDEV = """
        <network>
          <name>pool</name>
          <uuid>0c6f1b4e-6d1e-4c2b-9a55-3f1e0d9c2a11</uuid>
          <forward mode='hostdev' managed='yes'>
            DRIVER
            <pf dev='enp3s0'/>
          </forward>
        </network>
        """;

    @BeforeEach
    void schemas() {
        LibvirtSchemas.require();
    }

    @Test
    void aDriverModelIsExplainedByTheNewerFeature() {
        String xml = HOSTDEV.replace("DRIVER", "<driver model='vfio-pci-variant'/>");
        assertFalse(LibvirtSchemas.problems("network.rng", xml).isEmpty(), "9.0's schema has no driver model");
        assertNull(NetworkSchemaExceptions.verdict(xml));
        assertNull(NetworkSchemaExceptions.verdict(HOSTDEV.replace("DRIVER", "<driver name='vfio' model='x-vfio'/>")));
    }

    @Test
    void aDriverWithoutModelOrNameIsNotExplained() {
        // an empty <driver/> uses no newer feature: its missing name is a real complaint
        String verdict = NetworkSchemaExceptions.verdict(HOSTDEV.replace("DRIVER", "<driver/>"));
        assertNotNull(verdict);
        assertTrue(verdict.contains("missing required attribute \"name\""), verdict);
    }

    @Test
    void aNewerFeatureDoesNotExplainOtherComplaints() {
        String xml = HOSTDEV.replace("DRIVER", "<driver model='vfio-pci-variant'/>")
            .replace("<pf dev='enp3s0'/>", "<pf dev='enp3s0' weight='2'/>");
        String verdict = NetworkSchemaExceptions.verdict(xml);
        assertNotNull(verdict);
        assertTrue(verdict.contains("\"weight\""), verdict);
        assertFalse(verdict.contains("\"model\""), verdict);
    }

    @Test
    void registerIsExplainedOnlyOnTheDomainElement() {
        String net = "<network><name>n</name><domain name='lab.example' localOnly='yes' register='yes'/></network>";
        assertNull(NetworkSchemaExceptions.verdict(net));
        assertNotNull(NetworkSchemaExceptions.verdict(
            "<network><name>n</name><bridge name='virbr5' register='yes'/></network>"));
    }

    @Test
    void validDocumentsPass() {
        assertNull(NetworkSchemaExceptions.verdict(HOSTDEV.replace("DRIVER", "<driver name='vfio'/>")));
    }
}
