package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;

/** A stock Apache Karaf with the features repository added and jvirt-all installed, as a user would. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StockKarafIT extends JvirtTestSupport {

    @Inject
    private Connector connector;

    @Inject
    private FeaturesService features;

    @Configuration
    public Option[] config() {
        List<Option> o = new ArrayList<>(List.of(containerOptions(stockKaraf(), "Apache Karaf")));
        o.add(features(maven().groupId("io.jvirt").artifactId("features").type("xml").classifier("features")
            .version(JVIRT_VERSION), "jvirt-all"));
        return o.toArray(new Option[0]);
    }

    @Test
    public void jvirtAllInstallsAndWorks() throws Exception {
        for (String f : new String[] {"jvirt", "jvirt-driver-test", "jvirt-all"}) {
            assertTrue(f + " installed", features.isInstalled(features.getFeature(f)));
        }
        try (Connection c = connector.open("test:///default")) {
            assertEquals("TEST", c.type());
            assertEquals(1, c.numOfDomains());
        }
        Result r = execute("virt:list --all");
        assertNull(r.output(), r.failure());
        assertTrue(r.output(), r.output().contains(" 1    test   running"));
    }
}
