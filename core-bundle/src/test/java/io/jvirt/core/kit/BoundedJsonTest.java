package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The kit's bounded JSON reader: JSON read, and every bound of hostile input held. */
class BoundedJsonTest {

    @Test
    void readsJson() {
        Map<String, Object> o = BoundedJson.object(
            BoundedJson.parse("{\"a\": [1, -2.5, true, null, \"x\\u0041\\n\"], \"b\": {}}"), "top");
        List<Object> a = BoundedJson.array(o.get("a"), "a");
        assertEquals(List.of(BigInteger.ONE, -2.5, Boolean.TRUE, BoundedJson.NULL, "xA\n"), a);
        assertEquals(Map.of(), o.get("b"));
        assertEquals(7L, BoundedJson.optUnsigned(Map.of("n", "7"), "n"));
    }

    @Test
    void refusesWhatIsNotOneBoundedValue() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "\"\u0001\"", "[" .repeat(40) + "]".repeat(40),
            "1" .repeat(100), "\"" + "x".repeat(BoundedJson.MAX_STRING + 1) + "\"")) {
            assertThrows(IllegalArgumentException.class, () -> BoundedJson.parse(bad), bad.length() > 60 ? bad.substring(0, 60) : bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> BoundedJson.parse(" ".repeat(BoundedJson.MAX_INPUT + 1)));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BoundedJson.optUnsigned(Map.of("n", BigInteger.valueOf(-1)), "n"));
        assertThrows(IllegalArgumentException.class, () -> BoundedJson.optString(Map.of("s", BigInteger.ONE), "s"));
        assertThrows(IllegalArgumentException.class, () -> BoundedJson.object(List.of(), "x"));
    }
}
