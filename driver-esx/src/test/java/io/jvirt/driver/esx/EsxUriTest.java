package io.jvirt.driver.esx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

class EsxUriTest {

    @Test
    void esxDefaults() {
        EsxUri u = EsxUri.parse(URI.create("esx://root@esx1.example.com/"));
        assertEquals("esx", u.scheme());
        assertEquals("esx1.example.com", u.host());
        assertEquals(443, u.port());
        assertEquals("root", u.user());
        assertEquals("https", u.transport());
        assertFalse(u.noVerify());
        assertNull(u.datacenter());
        assertEquals(URI.create("https://esx1.example.com:443/sdk"), u.sdkUrl());
    }

    @Test
    void queryParameters() {
        EsxUri u = EsxUri.parse(URI.create("ESX://h:8443/?transport=http&no_verify=1&auto_answer=1&vcenter=vc&unknown=x"));
        assertEquals("http", u.transport());
        assertTrue(u.noVerify());
        assertTrue(u.autoAnswer());
        assertEquals(8443, u.port());
        assertEquals(URI.create("http://h:8443/sdk"), u.sdkUrl());
        assertEquals(8222, EsxUri.parse(URI.create("gsx://h/?transport=http")).port());
        assertEquals(8333, EsxUri.parse(URI.create("gsx://h/")).port());
        assertEquals(80, EsxUri.parse(URI.create("esx://h/?transport=http")).port());
    }

    @Test
    void badParametersAreLibvirtsErrors() {
        VirtException t = assertThrows(VirtException.class, () -> EsxUri.parse(URI.create("esx://h/?transport=ftp")));
        assertEquals(ErrorCode.INVALID_ARG, t.code());
        assertEquals("invalid argument: Query parameter 'transport' has unexpected value 'ftp' (should be http|https)",
            t.getMessage());
        VirtException v = assertThrows(VirtException.class, () -> EsxUri.parse(URI.create("esx://h/?no_verify=2")));
        assertTrue(v.getMessage().contains("'no_verify' has unexpected value '2' (should be 0 or 1)"));
        assertThrows(VirtException.class, () -> EsxUri.parse(URI.create("esx:///")));
    }

    @Test
    void vpxPaths() {
        EsxUri u = EsxUri.parse(URI.create("vpx://admin@vc.example.com/DC1/Cluster1/esx1.example.com"));
        assertEquals("DC1", u.datacenter());
        assertEquals("Cluster1", u.cluster());
        assertEquals("esx1.example.com", u.hostSystem());
        EsxUri standalone = EsxUri.parse(URI.create("vpx://vc/DC1/esx2"));
        assertEquals("esx2", standalone.cluster());
        assertNull(standalone.hostSystem());
        VirtException e = assertThrows(VirtException.class, () -> EsxUri.parse(URI.create("vpx://vc/DC1")));
        assertTrue(e.getMessage().contains("Path has to specify the datacenter and compute resource"));
    }

    @Test
    void otherSchemesAreDeclinedAndPasswordsInTheUriAreDropped() {
        assertNull(EsxUri.parse(URI.create("qemu:///system")));
        EsxUri u = EsxUri.parse(URI.create("esx://root:secret@h/"));
        assertEquals("root", u.user());
        assertFalse(u.toString().contains("secret"));
    }

    @Test
    void vmIdsAsLibvirtParsesThem() {
        assertEquals(42, new MoRef("VirtualMachine", "42").vmId());
        assertEquals(123, new MoRef("VirtualMachine", "vm-123").vmId());
        assertEquals(-1, new MoRef("VirtualMachine", "weird").vmId());
    }

    /** libvirt's esxConnectIsEncrypted / esxConnectIsSecure: both true only for transport https (the default). */
    @Test
    void onlyHttpsIsEncryptedAndSecure() {
        EsxConnection https = new EsxConnection("esx://h/", EsxUri.parse(URI.create("esx://h/")), null, null);
        org.junit.jupiter.api.Assertions.assertTrue(https.isEncrypted());
        org.junit.jupiter.api.Assertions.assertTrue(https.isSecure());
        EsxConnection http = new EsxConnection("esx://h/?transport=http", EsxUri.parse(URI.create("esx://h/?transport=http")),
            null, null);
        org.junit.jupiter.api.Assertions.assertFalse(http.isEncrypted());
        org.junit.jupiter.api.Assertions.assertFalse(http.isSecure());
    }
}
