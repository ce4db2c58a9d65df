package io.jvirt.driver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jvirt.core.kit.BoundedJson;

/** qemu-img info's JSON read as hostile input: what qemu-img writes is read, anything odd refused. */
class ImageInfoTest {

    private static final String QCOW2 = """
        {
            "backing-filename-format": "raw",
            "virtual-size": 1048576,
            "filename": "b.qcow2",
            "cluster-size": 65536,
            "format": "qcow2",
            "actual-size": 200704,
            "format-specific": {"type": "qcow2", "data": {"compat": "1.1", "lazy-refcounts": true, "refcount-bits": 16}},
            "full-backing-filename": "/pool/a.raw",
            "backing-filename": "a.raw",
            "dirty-flag": false
        }""";

    @Test
    void readsWhatQemuImgWrites() {
        ImageInfo i = ImageInfo.parse(QCOW2);
        assertEquals(ImageFormat.QCOW2, i.format());
        assertEquals(1048576, i.capacity());
        assertEquals(200704, i.allocation());
        assertEquals("a.raw", i.backingFile());
        assertEquals(ImageFormat.RAW, i.backingFormat());
        assertEquals(65536, i.clusterSize());
        assertEquals("1.1", i.compat());
        assertTrue(i.lazyRefcounts());
    }

    @Test
    void anUnknownFormatIsRawAndNoBackingIsNull() {
        ImageInfo i = ImageInfo.parse("{\"virtual-size\": 5, \"format\": \"parallels\", \"actual-size\": 0}");
        assertEquals(ImageFormat.RAW, i.format());
        assertNull(i.backingFile());
        assertFalse(i.lazyRefcounts());
    }

    @Test
    void hostileDocumentsAreRefused() {
        String[] bad = {
            "{\"virtual-size\": -1}",
            "{\"virtual-size\": 99999999999999999999999}",
            "{\"virtual-size\": \"12\"x}",
            "{\"virtual-size\": 1.5}",
            "{\"virtual-size\": true}",
            "{\"format\": \"raw\"}",
            "{\"virtual-size\": 1, \"virtual-size\": 2}",
            "{\"virtual-size\": 1, \"backing-filename\": \"a\\nb\"}",
            "{\"virtual-size\": 1, \"backing-filename\": 7}",
            "{\"virtual-size\": 1, \"format-specific\": {\"data\": {\"compat\": \"1.1,lazy\"}}}",
            "{\"virtual-size\": 1, \"format-specific\": []}",
            "[1]",
            "{\"virtual-size\": 1} trailing",
            "{".repeat(100) + "}".repeat(100),
            "{\"virtual-size\": 1, \"backing-filename\": \"" + "x".repeat(5000) + "\"}",
        };
        for (String b : bad) {
            assertThrows(IllegalArgumentException.class, () -> ImageInfo.parse(b), b.length() > 80 ? b.substring(0, 80) : b);
        }
    }

    @Test
    void boundedJsonLimitsDepthAndLength() {
        assertThrows(IllegalArgumentException.class, () -> BoundedJson.parse("[".repeat(BoundedJson.MAX_DEPTH + 2)
            + "]".repeat(BoundedJson.MAX_DEPTH + 2)));
        assertThrows(IllegalArgumentException.class, () -> BoundedJson.parse("\"" + "a".repeat(BoundedJson.MAX_INPUT) + "\""));
        assertEquals("é\"", BoundedJson.parse("\"\\u00e9\\\"\""));
    }
}
