package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import io.jvirt.api.testing.Poll;

/**
 * bin/virt against one URI of a running distribution, with the readers the driver ITs share: the
 * {@code list --all} table, {@code dominfo}'s fields, waiting for a state.
 */
final class VirtSession {

    private final KarafProcess karaf;
    private final String uri;

    VirtSession(KarafProcess karaf, String uri) {
        this.karaf = karaf;
        this.uri = uri;
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
