package io.jvirt.driver.xen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An OVMF guest's firmware path survives xl.cfg both ways, and the default one is not written out. */
class XlOvmfTest {

    private static String hvm(String loaderPath) {
        return """
            <domain type='xen'>
              <name>efi</name>
              <uuid>c7a5fdb2-cdaf-9455-926a-d65c16db1809</uuid>
              <memory unit='KiB'>65536</memory>
              <vcpu>1</vcpu>
              <os>
                <type arch='x86_64' machine='xenfv'>hvm</type>
                <loader readonly='yes' type='pflash'>%s</loader>
              </os>
            </domain>
            """.formatted(loaderPath);
    }

    @Test
    void theDefaultFirmwareIsBiosOvmfAloneAsLibvirt107WritesIt() {
        String cfg = XlConfig.fromDomainXml(hvm(XenDefaults.FIRMWARE_DIR + "/ovmf.bin"));
        assertTrue(cfg.contains("bios = \"ovmf\"\n"), cfg);
        assertFalse(cfg.contains("bios_path_override"), cfg);
        assertTrue(XlConfig.toDomainXml(cfg).contains(">" + XenDefaults.FIRMWARE_DIR + "/ovmf.bin</loader>"));
    }

    @Test
    void anotherFirmwareIsNamedAndReadBack() {
        String cfg = XlConfig.fromDomainXml(hvm("/usr/share/qemu/ovmf-x86_64-xen.bin"));
        assertTrue(cfg.contains("bios_path_override = \"/usr/share/qemu/ovmf-x86_64-xen.bin\"\n"), cfg);
        String xml = XlConfig.toDomainXml(cfg);
        assertTrue(xml.contains(">/usr/share/qemu/ovmf-x86_64-xen.bin</loader>"), xml);
    }
}
