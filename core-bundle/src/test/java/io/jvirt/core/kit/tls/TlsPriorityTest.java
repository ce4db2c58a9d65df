package io.jvirt.core.kit.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** libvirt's tls_priority strings read for their protocol versions; everything else refused by name. */
class TlsPriorityTest {

    @Test
    void baseKeywordsOfferTls12And13() throws Exception {
        for (String p : List.of("NORMAL", "SECURE256", "@LIBVIRT,SYSTEM", "PERFORMANCE:%SERVER_PRECEDENCE", "")) {
            assertEquals(List.of("TLSv1.3", "TLSv1.2"), TlsPriority.protocols(p), p);
        }
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), TlsPriority.protocols(null));
    }

    @Test
    void versionModifiersNarrowOrWiden() throws Exception {
        assertEquals(List.of("TLSv1.3"), TlsPriority.protocols("NORMAL:-VERS-TLS1.2"));
        assertEquals(List.of("TLSv1.2"), TlsPriority.protocols("SECURE128:-VERS-ALL:+VERS-TLS1.2"));
        assertEquals(List.of("TLSv1.2"), TlsPriority.protocols("NORMAL:!VERS-TLS1.3:-VERS-TLS1.0:-VERS-TLS1.1"));
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), TlsPriority.protocols("NONE:+VERS-TLS-ALL"));
    }

    @Test
    void partsJvirtCannotHonourAreRefusedNotIgnored() {
        TlsSetupException cipher = assertThrows(TlsSetupException.class, () -> TlsPriority.protocols("NORMAL:-AES-128-CBC"));
        assertTrue(cipher.getMessage().startsWith("Failed to set TLS session priority to NORMAL:-AES-128-CBC: '-AES-128-CBC'"),
            cipher.getMessage());
        assertThrows(TlsSetupException.class, () -> TlsPriority.protocols("NORMAL:+VERS-TLS1.0"));
        assertThrows(TlsSetupException.class, () -> TlsPriority.protocols("FAST"));
        assertThrows(TlsSetupException.class, () -> TlsPriority.protocols("NORMAL:%not-a-flag"));
        TlsSetupException none = assertThrows(TlsSetupException.class, () -> TlsPriority.protocols("NORMAL:-VERS-ALL"));
        assertEquals("Failed to set TLS session priority to NORMAL:-VERS-ALL: it leaves no protocol version", none.getMessage());
    }
}
