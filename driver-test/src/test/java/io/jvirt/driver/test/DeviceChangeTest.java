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
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.XmlFlag;

/** Device attach, detach and update with LIVE/CONFIG semantics. */
class DeviceChangeTest {

    private static final String DISK = "<disk type='file' device='disk'><source file='/guest/b.img'/>"
        + "<target dev='vdb' bus='virtio'/></disk>";
    private static final String NIC = "<interface type='network'><mac address='52:54:00:aa:bb:cc'/>"
        + "<source network='default'/></interface>";

    private final Connection conn = Fixture.connector().open("test:///default");

    @AfterEach
    void close() {
        conn.close();
    }

    private Domain define() {
        return conn.defineXml(Fixture.domainXml("vm", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"));
    }

    @Test
    void attachToAnInactiveDomainChangesItsDefinition() {
        Domain d = define();
        d.attachDevice(DISK);
        assertTrue(d.xmlDesc().contains("<target dev='vdb' bus='virtio'/>"));
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: target vdb already exists",
            () -> d.attachDevice(DISK));
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain is not running",
            () -> d.attachDevice(NIC, ModificationImpact.LIVE));
        d.detachDevice(DISK);
        assertFalse(d.xmlDesc().contains("vdb"));
        assertError(ErrorCode.DEVICE_MISSING, "device not found: no target device vdb", () -> d.detachDevice(DISK));
    }

    @Test
    void liveAttachLeavesThePersistentDefinitionAndConfigAttachMarksUpdated() {
        Domain d = define();
        d.create();
        d.attachDevice(NIC, ModificationImpact.LIVE);
        assertTrue(d.xmlDesc().contains("52:54:00:aa:bb:cc"));
        assertTrue(d.xmlDesc().contains("<target dev='testnet0'/>"), d.xmlDesc());
        assertFalse(d.xmlDesc(XmlFlag.INACTIVE).contains("52:54:00:aa:bb:cc"));
        assertFalse(d.isUpdated());
        d.attachDevice(DISK, ModificationImpact.CONFIG);
        assertTrue(d.isUpdated());
        assertFalse(d.xmlDesc().contains("vdb"));
        assertTrue(d.xmlDesc(XmlFlag.INACTIVE).contains("vdb"));
        d.detachDevice(NIC);
        assertFalse(d.xmlDesc().contains("52:54:00:aa:bb:cc"));
        assertError(ErrorCode.DEVICE_MISSING, "device not found: no device matching MAC address 52:54:00:aa:bb:cc found",
            () -> d.detachDevice(NIC));
        d.destroy();
        assertTrue(d.xmlDesc().contains("vdb"));
    }

    @Test
    void updateReplacesTheDeviceWithTheSameTarget() {
        Domain d = define();
        d.updateDevice("<disk type='file' device='disk'><source file='/guest/new.img'/><target dev='vda' bus='virtio'/></disk>");
        assertTrue(d.xmlDesc().contains("/guest/new.img"));
        assertFalse(d.xmlDesc().contains("/guest/a.img"));
        assertError(ErrorCode.INVALID_ARG, "invalid argument: target vdz doesn't exist.",
            () -> d.updateDevice("<disk type='file'><source file='/x'/><target dev='vdz'/></disk>"));
        assertError(ErrorCode.OPERATION_UNSUPPORTED,
            "Operation not supported: persistent update of device 'watchdog' is not supported",
            () -> d.updateDevice("<watchdog model='i6300esb'/>"));
    }

    @Test
    void genericDevicesMatchByTheirElement() {
        Domain d = define();
        d.attachDevice("<watchdog model='i6300esb' action='reset'/>");
        assertTrue(d.xmlDesc().contains("<watchdog model='i6300esb' action='reset'/>"), d.xmlDesc());
        assertError(ErrorCode.DEVICE_MISSING, "device not found: device not present in domain configuration",
            () -> d.detachDevice("<watchdog model='ib700' action='reset'/>"));
        d.detachDevice("<watchdog model='i6300esb' action='reset'/>");
        assertFalse(d.xmlDesc().contains("watchdog"));
    }

    @Test
    void transientDomainsHaveNoConfigToChange() {
        Domain t = conn.createXml(Fixture.domainXml("tr", "aaaaaaaa-bbbb-cccc-dddd-000000000001"));
        assertError(ErrorCode.OPERATION_INVALID,
            "Requested operation is not valid: transient domains do not have any persistent config",
            () -> t.attachDevice(DISK, ModificationImpact.CONFIG));
        t.attachDevice(DISK);
        assertTrue(t.xmlDesc().contains("vdb"));
    }

    @Test
    void badDeviceXmlIsAnXmlError() {
        Domain d = define();
        assertError(ErrorCode.XML_ERROR, "XML error: unknown device type 'gizmo'", () -> d.attachDevice("<gizmo/>"));
    }
}
