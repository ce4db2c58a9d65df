package io.jvirt.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Scenario 5's embedded side, run in a JVM of its own ({@link MemoryScenario#embeddedFelix}): jvirt
 * embedded in a plain Felix framework the way the README's "Embedding jvirt in an OSGi application"
 * says (and itests' EmbeddedFelixIT does): install and start every bundle of a folder (SLF4J, SCR and
 * its OSGi APIs, api-bundle, core-bundle, driver-test), get the {@code io.jvirt.api.Connector}
 * service, open {@code test:///default} and keep it open. Then, on standard input, one command a line:
 * {@code define DIR FROM TO} defines DIR/dom-FROM.xml ... dom-(TO-1).xml through that connection and
 * answers {@code DEFINED n} (n: the domains listAllDomains returns afterwards); {@code quit} stops the
 * framework. Answers {@code READY} once the connection is open.
 *
 * <p>Only the OSGi framework (Felix's jar) and this class are on this JVM's class path: io.jvirt.api
 * lives in the framework's api-bundle, so it is called reflectively, as an embedding application
 * without the API on its own class path would.
 */
public final class EmbeddedFelixMain {

    private EmbeddedFelixMain() {
    }

    public static void main(String[] args) throws Exception {
        Path bundles = Path.of(args[0]);
        Path storage = Path.of(args[1]);
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("ds.loglevel", "warn");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        try {
            BundleContext ctx = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            try (var jars = Files.list(bundles)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    installed.add(ctx.installBundle(jar.toUri().toString()));
                }
            }
            for (Bundle b : installed) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            }
            ServiceTracker<Object, Object> tracker = new ServiceTracker<>(ctx, "io.jvirt.api.Connector", null);
            tracker.open(true);
            Object connector = tracker.waitForService(60_000);
            if (connector == null) {
                System.out.println("FAILED no io.jvirt.api.Connector service");
                return;
            }
            Object conn = call(connector, "open", "test:///default");
            Object noFilters = java.lang.reflect.Array.newInstance(connector.getClass().getClassLoader().loadClass("io.jvirt.api.ListFilter"), 0);
            System.out.println("READY " + installed.size() + " bundles");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                String[] w = line.trim().split(" ");
                if (w.length == 4 && w[0].equals("define")) {
                    File dir = new File(w[1]);
                    for (int i = Integer.parseInt(w[2]); i < Integer.parseInt(w[3]); i++) {
                        call(conn, "defineXml", Files.readString(dir.toPath().resolve("dom-" + i + ".xml")));
                    }
                    System.out.println("DEFINED " + ((List<?>) call(conn, "listAllDomains", noFilters)).size());
                    System.out.flush();
                }
            }
            call(conn, "close");
        } finally {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    private static Object call(Object target, String method, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length
                && (args.length == 0 || m.getParameterTypes()[0].isInstance(args[0]))) {
                m.setAccessible(true);
                return m.invoke(target, args);
            }
        }
        // a varargs method called without its trailing flags (defineXml(String, DefineFlag...))
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(method) && m.isVarArgs() && m.getParameterCount() == args.length + 1
                && (args.length == 0 || m.getParameterTypes()[0].isInstance(args[0]))) {
                Object[] full = java.util.Arrays.copyOf(args, args.length + 1);
                full[args.length] = java.lang.reflect.Array.newInstance(m.getParameterTypes()[args.length].getComponentType(), 0);
                m.setAccessible(true);
                return m.invoke(target, full);
            }
        }
        throw new IllegalStateException("no method " + method + " on " + target.getClass());
    }
}
