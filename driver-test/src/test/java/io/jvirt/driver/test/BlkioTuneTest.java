package io.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;

/**
 * libvirt's blkio device strings (domain_driver.c's virDomainDriverParseBlkioDeviceStr and
 * virDomainDriverMergeBlkioDevice) and the {@code <blkiotune>} they end up in.
 */
class BlkioTuneTest {

    private static String message(Runnable r) {
        VirtException e = assertThrows(VirtException.class, r::run);
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        return e.getMessage();
    }

    @Test
    void deviceStringsAreParsedAsLibvirtParsesThem() {
        assertEquals(List.of(), BlkioTune.parse("", BlkioTune.Kind.WEIGHT));
        List<BlkioTune.Device> d = BlkioTune.parse("/dev/sda,5,,3", BlkioTune.Kind.WEIGHT);
        assertEquals("/dev/sda", d.get(0).path);
        assertEquals(5, d.get(0).values[BlkioTune.Kind.WEIGHT.ordinal()]);
        assertEquals("", d.get(1).path);
        assertEquals(-1L, BlkioTune.parse("/d,18446744073709551615", BlkioTune.Kind.READ_BPS).get(0).values[3]);
        assertEquals("invalid argument: unable to parse blkio device 'device_weight' '/dev/sda'",
            message(() -> BlkioTune.parse("/dev/sda", BlkioTune.Kind.WEIGHT)));
        assertEquals("invalid argument: unable to parse blkio device 'device_weight' '/dev/sda,5,'",
            message(() -> BlkioTune.parse("/dev/sda,5,", BlkioTune.Kind.WEIGHT)));
        assertEquals("invalid argument: invalid value 'x,/b,1' for parameter 'device_weight' of device '/a'",
            message(() -> BlkioTune.parse("/a,x,/b,1", BlkioTune.Kind.WEIGHT)));
        assertEquals("invalid argument: invalid value '4294967296' for parameter 'device_write_iops_sec' of device '/a'",
            message(() -> BlkioTune.parse("/a,4294967296", BlkioTune.Kind.WRITE_IOPS)));
        assertEquals("invalid argument: unable to parse blkio device 'device_weight' '/a,5x'",
            message(() -> BlkioTune.parse("/a,5x", BlkioTune.Kind.WEIGHT)));
    }

    @Test
    void devicesMergeByPathAndAreWrittenInLibvirtsOrder() {
        DomainDef def = DomainXml.parse("<domain type='test'><name>b</name><memory>1024</memory><os><type>hvm</type></os>"
            + "<blkiotune><device><path>/dev/hda</path><write_bytes_sec>7</write_bytes_sec><weight>700</weight></device>"
            + "</blkiotune></domain>", false, TestDefaults.INSTANCE);
        BlkioTune t = BlkioTune.of(def);
        t.merge(BlkioTune.Kind.WEIGHT, BlkioTune.parse("/dev/hda,0,/dev/sdb,0,/dev/sdc,9", BlkioTune.Kind.WEIGHT));
        t.weight = 100;
        t.writeTo(def);
        String xml = DomainXml.format(def);
        assertEquals(true, xml.contains("<blkiotune>\n    <weight>100</weight>\n    <device>\n      <path>/dev/hda</path>\n"
            + "      <write_bytes_sec>7</write_bytes_sec>\n    </device>\n    <device>\n      <path>/dev/sdc</path>\n"
            + "      <weight>9</weight>\n    </device>\n  </blkiotune>"), xml);
        assertEquals("/dev/sdc,9", BlkioTune.of(def).devicesText(BlkioTune.Kind.WEIGHT));
        t.devices.clear();
        t.weight = 0;
        t.writeTo(def);
        assertEquals(null, def.kept("blkiotune"));
    }
}
