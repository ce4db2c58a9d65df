package io.jvirt.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DomainLookupTest {

    @Test
    void idsAreDecimalIntsOnly() {
        assertEquals(2, DomainLookup.id("2"));
        assertEquals(Integer.MAX_VALUE, DomainLookup.id("2147483647"));
        assertEquals(-1, DomainLookup.id("4294967298")); // libvirt's domain-id-overflow case: a name then
        assertEquals(-1, DomainLookup.id("-1"));
        assertEquals(-1, DomainLookup.id("fc4"));
        assertEquals(-1, DomainLookup.id(""));
    }

    @Test
    void uuidsWithOrWithoutDashes() {
        assertTrue(DomainLookup.isUuid("ef861801-45b9-11cb-88e3-afbfe5370493"));
        assertTrue(DomainLookup.isUuid("ef86180145b911cb88e3afbfe5370493"));
        assertFalse(DomainLookup.isUuid("ef861801-45b9-11cb-88e3-afbfe537049"));
        assertFalse(DomainLookup.isUuid("fc4"));
    }
}
