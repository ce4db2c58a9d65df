package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** bin/virt from a script with no terminal, against the running distribution: output and exit status. */
public class DistributionScriptIT {

    private static KarafProcess karaf;

    @BeforeClass
    public static void startDistribution() throws Exception {
        karaf = KarafProcess.unpack("script-it");
        karaf.start(Map.of());
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void listWorksWithoutTerminalAndExitsZero() throws Exception {
        KarafProcess.Result r = karaf.virt("list", "--all");
        assertEquals(r.out(), 0, r.rc());
        assertEquals(" Id   Name   State\n----------------------\n 1    test   running\n", r.out());
    }

    @Test
    public void failedCommandExitsNonZeroWithVirshError() throws Exception {
        KarafProcess.Result r = karaf.virt("dominfo", "no such domain");
        assertNotEquals(r.out(), 0, r.rc());
        assertEquals("error: failed to get domain 'no such domain'\n", r.out());
    }

    @Test
    public void unknownCommandExitsNonZero() throws Exception {
        KarafProcess.Result r = karaf.virt("nosuchcommand");
        assertNotEquals(r.out(), 0, r.rc());
    }
}
