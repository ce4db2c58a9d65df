package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import io.jvirt.api.testing.Poll;

/**
 * bin/virt against one URI of a running distribution, with what the driver ITs share: starting the
 * distribution until the driver answers, its row in {@code virt:drivers}, the readers of the
 * {@code list --all} table and {@code dominfo}'s fields, waiting for a state, and an event loop
 * known to be listening.
 */
final class VirtSession {

    private final KarafProcess karaf;
    private final String uri;

    VirtSession(KarafProcess karaf, String uri) {
        this.karaf = karaf;
        this.uri = uri;
    }

    /**
     * Writes {@code etc/PID.cfg} with {@code lines} (before the first start, as an administrator
     * would), starts the distribution and waits until the driver answers on the URI: a driver
     * answers once its bundle has activated and probed its host, some time after the console does.
     */
    void start(String pid, String... lines) throws Exception {
        java.nio.file.Files.writeString(karaf.home.resolve("etc/" + pid + ".cfg"), String.join("\n", lines) + "\n");
        karaf.start(Map.of());
        assertEquals(uri + "\n", karaf.awaitVirt("the driver to answer " + uri, "-c", uri, "uri").out());
    }

    /** virt:drivers lists {@code driver} from its bundle, active, and its feature is installed. */
    void assertDriverListed(String driver) throws Exception {
        String out = ok(karaf.virt("drivers"));
        String row = out.lines().filter(l -> l.trim().startsWith(driver + " ")).findFirst().orElse(null);
        assertNotNull(out, row);
        assertTrue(row, row.contains("io.jvirt.driver-" + driver) && row.contains("Active"));
        String features = ok(karaf.client("feature:list -i | grep jvirt-driver-" + driver));
        assertTrue(features, features.contains("jvirt-driver-" + driver));
    }

    /**
     * {@code event --all --loop} in the background, returned once it is known to listen: a probe
     * domain (the definition {@code probeXml}, named "probe") is defined, undefined first when it is
     * still there, until the loop reports its definition; then the probe is undefined.
     */
    KarafProcess.Background listeningEventLoop(java.nio.file.Path probeXml) throws Exception {
        KarafProcess.Background events = karaf.virtInBackground("-c", uri, "event", "--all", "--loop", "--timeout", "300");
        try {
            Poll.until("the event loop to report the probe domain's definition", Duration.ofMinutes(2), () -> {
                if (listAll().containsKey("probe")) {
                    ok(virt("undefine", "probe"));
                }
                ok(virt("define", probeXml.toString()));
                return events.output().contains("event 'lifecycle' for domain 'probe': Defined ");
            }, events::output);
            ok(virt("undefine", "probe"));
            return events;
        } catch (Exception | Error e) {
            events.close();
            throw e;
        }
    }

    /**
     * Waits until the loop has reported {@code domain}'s last expected event, stops it and checks that
     * it reported the lifecycle events {@code expected} ("Defined Added", ...) in this order.
     */
    static void assertLifecycleEvents(KarafProcess.Background events, String domain, String... expected) throws Exception {
        String prefix = "event 'lifecycle' for domain '" + domain + "': ";
        String last = prefix + expected[expected.length - 1];
        Poll.until("the event loop to report " + domain + "'s last event", Duration.ofMinutes(1),
            () -> events.output().contains(last), events::output);
        String log = events.stop().out();
        int at = 0;
        for (String e : expected) {
            int i = log.indexOf(prefix + e, at);
            assertTrue("'" + e + "' after position " + at + " in:\n" + log, i >= 0);
            at = i + 1;
        }
    }

    /** bin/virt -c URI ARGS. */
    KarafProcess.Result virt(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = uri;
        System.arraycopy(args, 0, all, 2, args.length);
        return karaf.virt(all);
    }

    /** virt:list --all as name to [id, state]. */
    Map<String, List<String>> listAll() throws Exception {
        String out = ok(virt("list", "--all"));
        Map<String, List<String>> rows = new TreeMap<>();
        List<String> lines = out.lines().toList();
        assertTrue(out, lines.size() >= 2 && lines.get(1).startsWith("---"));
        for (String line : lines.subList(2, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] t = line.trim().split("\\s+", 3);
            rows.put(t[1], List.of(t[0], t[2].trim()));
        }
        return rows;
    }

    /** virt:dominfo's "Field: value" lines. */
    Map<String, String> dominfo(String name) throws Exception {
        Map<String, String> info = new LinkedHashMap<>();
        for (String line : ok(virt("dominfo", name)).lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                info.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return info;
    }

    void awaitState(String name, String state) {
        AtomicReference<KarafProcess.Result> last = new AtomicReference<>();
        Poll.until("domain " + name + " to reach '" + state + "'", Duration.ofMinutes(1), () -> {
            last.set(virt("domstate", name));
            return last.get().rc() == 0 && last.get().out().equals(state + "\n");
        }, () -> last.get().out());
    }

    static String ok(KarafProcess.Result r) {
        assertEquals(r.out(), 0, r.rc());
        return r.out();
    }
}
