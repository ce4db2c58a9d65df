package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;

/**
 * A stock Apache Karaf, used as a user would: the features repository added, then
 * {@code feature:install jvirt-all} at the console; then drivers hot-(un)deployed through features
 * and the deploy/ folder, seen through the API.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class StockKarafIT extends JvirtTestSupport {

    @Inject
    private FeaturesService features;

    @Configuration
    public Option[] config() {
        List<Option> o = new ArrayList<>(List.of(containerOptions(stockKaraf(), "Apache Karaf")));
        // the repository and the API (the test classes need io.jvirt.api to load); installing the
        // drivers is what the tests do
        // what the README asks of a Karaf that hosts jvirt: no command without an ACL for non-admins
        o.add(editConfigurationFilePut("etc/system.properties", "karaf.secured.command.compulsory.roles", "admin"));
        o.add(features(maven().groupId("io.jvirt").artifactId("features").type("xml").classifier("features")
            .version(JVIRT_VERSION), "jvirt"));
        String repo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        o.add(systemProperty("jvirt.driver.test.jar").value(repo + "/io/jvirt/driver-test/" + JVIRT_VERSION
            + "/driver-test-" + JVIRT_VERSION + ".jar"));
        return o.toArray(new Option[0]);
    }

    @Test
    public void a_featureInstallJvirtAllAtTheConsole() throws Exception {
        Result install = execute("feature:install jvirt-all");
        assertNull(install.output(), install.failure());
        for (String f : new String[] {"jvirt", "jvirt-driver-test", "jvirt-all"}) {
            assertTrue(f + " installed", features.isInstalled(features.getFeature(f)));
        }
        try (Connection c = connector().open("test:///default")) {
            assertEquals("TEST", c.type());
            assertEquals(1, c.numOfDomains());
        }
        Result list = execute("virt:list --all");
        assertNull(list.output(), list.failure());
        assertEquals(" Id   Name   State\n----------------------\n 1    test   running\n", list.output());
    }

    @Test
    public void ab_everyJvirtComponentRunsAndEventsReachEventAdmin() throws Exception {
        assertEveryJvirtComponentRuns(java.util.Set.of("io.jvirt.api-bundle", "io.jvirt.core-bundle", "io.jvirt.shell-bundle",
            "io.jvirt.driver-test", "io.jvirt.driver-qemu", "io.jvirt.driver-lxc", "io.jvirt.driver-esx",
            "io.jvirt.driver-xen", "io.jvirt.driver-bhyve", "io.jvirt.driver-hyperv",
            "io.jvirt.driver-phyp"));
        assertLifecycleEventsReachEventAdmin(connector());
    }

    @Test
    public void ac_aViewerCannotEscalateWithTheFeaturesInstalled() throws Exception {
        // the virt: ACL came with the feature: nothing in etc/ was written by the test for it
        assertTrue(Files.readString(Path.of(System.getProperty("karaf.etc"), "org.apache.karaf.command.acl.virt.cfg"))
            .contains("destroy = admin"));
        Path secret = Files.createTempFile("stock-secret", ".txt");
        Files.writeString(secret, "root:SECRET-stock:19000\n");
        Path pwned = secret.resolveSibling(secret.getFileName() + ".pwned");
        try (Console viewer = console(VIEWER)) {
            for (String change : List.of("virt:destroy test", "virt:shutdown test", "virt:suspend test", "virt:undefine test",
                "virt:setmem test 1024", "virt:define " + secret, "virt:create " + secret)) {
                assertRefused(viewer.run(change), change);
            }
            Result rw = viewer.run("virt:connect --readonly=false test:///default");
            assertNull(rw.output(), rw.failure());
            Result secure = viewer.run("virt:dumpxml --security-info test");
            assertTrue(secure.output(), secure.failed()
                && secure.output().contains("error: operation forbidden: virDomainGetXMLDesc with secure flag"));
            for (String read : List.of("virt:domxml-from-native lxc-tools " + secret, "virt:domxml-to-native qemu-argv " + secret,
                "virt:connect test://" + secret, "cat " + secret, "head " + secret, "cat < " + secret)) {
                assertRefused(viewer.run(read), read);
            }
            for (String admin : List.of("echo pwned > " + pwned, "bundle:stop io.jvirt.driver-test", "feature:uninstall jvirt-all",
                "system:shutdown -f", "config:edit io.jvirt.core", "(new java.io.File " + pwned + ") createNewFile",
                "shell:exec touch " + pwned, "jaas:realm-list")) {
                assertRefused(viewer.run(admin), admin);
            }
            assertTrue(ok(viewer.run("virt:list --all")).contains(" 1    test   running\n"));
        } finally {
            Files.delete(secret);
        }
        assertTrue("the viewer wrote a file", !Files.exists(pwned));
        assertEquals(Bundle.ACTIVE, bundle("io.jvirt.driver-test").getState());
        try (Connection c = connector().open("test:///default")) {
            assertEquals(1, c.numOfDomains());
        }
    }

    private static void assertRefused(Result r, String what) {
        assertTrue(what + " ran: " + r.output(), r.failed());
        assertTrue(what + " showed the secret: " + r.output(), !r.output().contains("SECRET-stock"));
    }

    private static String ok(Result r) {
        assertNull(r.output(), r.failure());
        return r.output();
    }

    @Test
    public void b_driverFeatureUninstalledAndInstalledAtRuntime() throws Exception {
        assertNull(execute("feature:uninstall jvirt-all").failure());
        Connector connector = connector();
        Poll.until("no driver left", Duration.ofSeconds(10), () -> connector.drivers().isEmpty());
        expectNoConnect(connector);

        assertNull(execute("feature:install jvirt-driver-test").failure());
        Poll.until("the test driver", Duration.ofSeconds(10), () -> hasTestDriver(connector));
        try (Connection c = connector.open("test:///default")) {
            assertEquals("test", c.lookupById(1).name());
        }

        assertNull(execute("feature:uninstall jvirt-driver-test").failure());
        Poll.until("the test driver to go", Duration.ofSeconds(10), () -> !hasTestDriver(connector));
        expectNoConnect(connector);
    }

    @Test
    public void c_driverJarDroppedIntoDeployFolder() throws Exception {
        Connector connector = connector();
        assertTrue("starts without the test driver", !hasTestDriver(connector));
        Path jar = Path.of(System.getProperty("jvirt.driver.test.jar"));
        Path deployed = Path.of(System.getProperty("karaf.base"), "deploy", "driver-test.jar");
        Files.copy(jar, deployed, StandardCopyOption.REPLACE_EXISTING);
        try {
            Poll.until("the deployed test driver", Duration.ofSeconds(20), () -> hasTestDriver(connector));
            try (Connection c = connector.open("test:///default")) {
                assertEquals(1, c.listAllDomains().size());
            }
        } finally {
            Files.delete(deployed);
        }
        Poll.until("the undeployed test driver to go", Duration.ofSeconds(20), () -> !hasTestDriver(connector));
        expectNoConnect(connector);
    }

    private Connector connector() throws InterruptedException {
        ServiceTracker<Connector, Connector> t = new ServiceTracker<>(bundleContext, Connector.class, null);
        t.open();
        try {
            Connector c = t.waitForService(10_000);
            assertTrue("Connector service", c != null);
            return c;
        } finally {
            t.close();
        }
    }

    private static boolean hasTestDriver(Connector connector) {
        return connector.drivers().stream().anyMatch(d -> d.name().equals("test"));
    }

    private static void expectNoConnect(Connector connector) {
        try (Connection c = connector.open("test:///default")) {
            fail("opened without a driver: " + c);
        } catch (VirtException e) {
            assertEquals(ErrorCode.NO_CONNECT, e.code());
            assertEquals("no connection driver available for test:///default", e.getMessage());
        }
    }
}
