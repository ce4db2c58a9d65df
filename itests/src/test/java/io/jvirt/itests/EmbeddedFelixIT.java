package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * jvirt embedded in a plain OSGi framework (Felix 7 + SCR, no Karaf), the way a management suite
 * embeds it: install the bundles, start them, get the Connector service.
 *
 * <p>The API classes inside the framework come from api-bundle, not from this test's class path,
 * so the test talks to them reflectively.
 */
public class EmbeddedFelixIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Framework framework;
    private final PrintStream realOut = System.out;
    private final ByteArrayOutputStream scrSaid = new ByteArrayOutputStream();

    @Before
    public void startFramework() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, tmp.newFolder("felix-cache").getAbsolutePath());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // SCR reports component failures on stderr at this level
        config.put("ds.loglevel", "warn");
        // SCR without a log service writes what it reports to System.out: kept, and checked by the test
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                realOut.write(b);
                scrSaid.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                realOut.write(b, off, len);
                scrSaid.write(b, off, len);
            }
        }, true));
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
    }

    @After
    public void stopFramework() throws Exception {
        System.setOut(realOut);
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    public void bundlesRunInPlainFelixAndTheTestDriverAnswers() throws Exception {
        BundleContext ctx = framework.getBundleContext();
        File dir = new File(System.getProperty("jvirt.embedded.bundles", "target/embedded-bundles"));
        List<Bundle> installed = new ArrayList<>();
        try (var jars = Files.list(dir.toPath())) {
            for (var jar : jars.sorted().toList()) {
                installed.add(ctx.installBundle(jar.toUri().toString()));
            }
        }
        assertTrue("bundles found in " + dir, installed.size() >= 10);
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        for (Bundle b : installed) {
            assertEquals(b.getSymbolicName() + " active", Bundle.ACTIVE, b.getState());
        }

        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(ctx, "io.jvirt.api.Connector", null);
        // all services: the test's class path has its own copy of io.jvirt.api, which the framework
        // would otherwise treat as a different, incompatible Connector type
        tracker.open(true);
        Object connector = tracker.waitForService(10_000);
        assertNotNull("Connector service registered by the core", connector);

        // the driver registry sees the test driver, with its bundle
        List<?> drivers = (List<?>) call(connector, "drivers");
        assertEquals(1, drivers.size());
        assertEquals("test", call(drivers.get(0), "name"));
        assertEquals("io.jvirt.driver-test", call(drivers.get(0), "bundleName"));
        // no component wiring problem (a circular reference between the connector and the named
        // connections' registry was reported and broken by SCR at the connector's activation)
        String scr = scrSaid.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(scr, !scr.contains("Circular reference") && !scr.contains("Could not get service"));

        Object conn = call(connector, "open", "test:///default");
        try {
            List<?> domains = (List<?>) call(conn, "listAllDomains", (Object) newFlagArray(connector));
            assertEquals(1, domains.size());
            assertEquals("test", call(domains.get(0), "name"));
            assertEquals(1, call(domains.get(0), "id"));
        } finally {
            call(conn, "close");
        }

        // hot removal in a plain framework too
        Bundle driver = installed.stream().filter(b -> "io.jvirt.driver-test".equals(b.getSymbolicName())).findFirst().orElseThrow();
        driver.stop();
        assertEquals(0, ((List<?>) call(connector, "drivers")).size());
        driver.start();
        assertEquals(1, ((List<?>) call(connector, "drivers")).size());
        tracker.close();
    }

    private static Object newFlagArray(Object connector) throws Exception {
        Class<?> filter = connector.getClass().getClassLoader().loadClass("io.jvirt.api.ListFilter");
        return java.lang.reflect.Array.newInstance(filter, 0);
    }

    private static Object call(Object target, String method, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                m.setAccessible(true);
                return m.invoke(target, args);
            }
        }
        throw new AssertionError("no method " + method + " on " + target.getClass());
    }
}
