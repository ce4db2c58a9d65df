package io.jvirt.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void scaledSizesAreReadAsVirshReadsThem() throws Exception {
        assertEquals(512, Numbers.parseScaledKiB("512", "size", 1024));
        assertEquals(1024, Numbers.parseScaledKiB("1M", "size", 1024));
        assertEquals(1024, Numbers.parseScaledKiB("1MiB", "size", 1024));
        assertEquals(977, Numbers.parseScaledKiB("1MB", "size", 1024)); // 1,000,000 bytes, rounded up
        assertEquals(2_097_152, Numbers.parseScaledKiB("2G", "size", 1024));
        assertEquals(1, Numbers.parseScaledKiB("1b", "size", 1024));
        assertEquals(1, Numbers.parseScaledKiB("1k", "size", 1024));
        assertEquals(1_073_741_824L, Numbers.parseScaledKiB("1T", "size", 1024));
    }

    @Test
    void malformedSizesGiveVirshsErrorLine() {
        for (String bad : new String[] {"lots", "-5", "", "99999999999999999999"}) {
            CommandException e = assertThrows(CommandException.class, () -> Numbers.parseScaledKiB(bad, "size", 1024), bad);
            assertEquals("error: Scaled numeric value '" + bad + "' for <size> option is malformed or out of range", e.getNiceHelp());
        }
        // a number with a suffix libvirt does not know: virScaleInteger's own error follows, as virsh 9.0 prints it
        for (String[] bad : new String[][] {{"12X", "X"}, {"1MBB", "MBB"}, {"1bB", "bB"}}) {
            CommandException e = assertThrows(CommandException.class, () -> Numbers.parseScaledKiB(bad[0], "size", 1024), bad[0]);
            assertEquals("error: Scaled numeric value '" + bad[0] + "' for <size> option is malformed or out of range\n"
                + "error: invalid argument: unknown suffix '" + bad[1] + "'", e.getNiceHelp());
        }
    }

    @Test
    void intsAreNonNegative() throws Exception {
        assertEquals(4, Numbers.parseInt("4", "count"));
        assertEquals(0, Numbers.parseInt("0", "count"));
        for (String bad : new String[] {"two", "-1", "4294967298", "3.5"}) {
            CommandException e = assertThrows(CommandException.class, () -> Numbers.parseInt(bad, "count"), bad);
            assertEquals("error: Numeric value '" + bad + "' for <count> option is malformed or out of range", e.getNiceHelp());
        }
    }

    @Test
    void timeoutsAreWholeSecondsThatFitInMilliseconds() throws Exception {
        assertEquals(1000, Numbers.parseTimeoutMs("1"));
        assertEquals(2_147_483_000L, Numbers.parseTimeoutMs("2147483"));
        // libvirt's numeric-parsing-event transcript
        for (String bad : new String[] {"abc", "2147484", "42WB", "42MB", "-1", "0"}) {
            CommandException e = assertThrows(CommandException.class, () -> Numbers.parseTimeoutMs(bad), bad);
            assertEquals("error: Numeric value '" + bad + "' for <timeout> option is malformed or out of range", e.getNiceHelp());
        }
    }
}
