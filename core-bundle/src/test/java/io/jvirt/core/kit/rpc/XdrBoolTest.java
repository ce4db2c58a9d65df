package io.jvirt.core.kit.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** XDR bools as libvirt's xdr_bool reads them: zero false, any other word true. */
class XdrBoolTest {

    @Test
    void anyNonZeroWordIsTrue() {
        assertFalse(new XdrReader(new byte[] {0, 0, 0, 0}).readBool());
        assertTrue(new XdrReader(new byte[] {0, 0, 0, 1}).readBool());
        assertTrue(new XdrReader(new byte[] {1, 0, 0, 0}).readBool());
    }

    @Test
    void goLibvirtsConnectOpenDecodes() {
        // go-libvirt's CONNECT_OPEN: Padding [3]byte{1,0,0} (padded to a word) as the name's flag
        byte[] args = {1, 0, 0, 0, 0, 0, 0, 15, 't', 'e', 's', 't', ':', '/', '/', '/', 'd', 'e', 'f', 'a', 'u', 'l', 't', 0, 0, 0, 0, 0};
        XdrStruct a = ProtocolDescription.libvirt().program("REMOTE").procedure("CONNECT_OPEN").decodeArgs(args);
        assertEquals("test:///default", a.get("name"));
    }
}
