package io.jvirt.driver.phyp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The documented UUID formula, checked against values Python's uuid.uuid5 computes (so any other
 * client can compute them too), and HMC output reading.
 */
class LparUuidsTest {

    @Test
    void version5AsRfc4122AndPythonCompute() {
        // uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com')
        assertEquals(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"),
            LparUuids.v5(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"));
        // uuid.uuid5(uuid.NAMESPACE_URL, 'urn:jvirt:phyp:lpar')
        assertEquals(UUID.fromString("8cc03787-07c8-54fd-9a2b-dea87c9055ba"), LparUuids.NAMESPACE);
        // uuid.uuid5(that, '8233-E8B*06DE3FR/3')
        assertEquals(UUID.fromString("def7dcef-d04f-5a0b-a755-b9620616bdcb"), new LparUuids("8233-E8B", "06DE3FR").of(3));
        assertNotEquals(new LparUuids("8233-E8B", "06DE3FR").of(3), new LparUuids("8233-E8B", "06DE3FS").of(3));
    }

    @Test
    void hmcFieldsAreSplitAtCommasOutsideQuotes() {
        assertEquals(java.util.List.of("a", "b,c", "d\"e", ""), HmcOutput.fields("a,\"b,c\",\"d\"\"e\","));
        assertEquals(java.util.List.of(), HmcOutput.rows("No results were found.\n"));
        assertEquals("\"x,y\"", HmcOutput.quote("x,y"));
    }
}
