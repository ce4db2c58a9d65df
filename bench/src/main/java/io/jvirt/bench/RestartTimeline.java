package io.jvirt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where one restart of the Karaf container (or of its QEMU driver bundle) spends its time, from the
 * container's own log: the instants of the steps it goes through, each as seconds since the restart
 * command. The harness adds the instants only it knows (the old JVM's end, {@code bin/start}
 * returning, the new JVM's start, the poller seeing every domain); the rest are the first line after
 * the restart in {@code data/log/karaf.log} that marks the step (Karaf's log format: an ISO-8601 local
 * time first, then {@code | LEVEL | thread | logger | bundle | message}).
 */
final class RestartTimeline {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS", Locale.ROOT);

    /** A step, and how its line in karaf.log is recognized. */
    private record Marker(String step, Predicate<String> line, boolean last) {
    }

    /** Container restarts: every step from the log; a step found nowhere is left out. */
    private static final List<Marker> CONTAINER = List.of(
        new Marker("the new JVM's first line in karaf.log (pax-logging's file appender up)", l -> true, false),
        new Marker("features service: boot features checked (first line)", l -> l.contains("| FeaturesServiceImpl "), false),
        new Marker("features service: last line", l -> l.contains("| FeaturesServiceImpl "), true),
        new Marker("SCR started", l -> l.contains("org.apache.felix.scr") && l.contains("Starting with globalExtender"), false),
        new Marker("Karaf's shell core started", l -> l.contains("Not starting local console"), false),
        new Marker("LXC driver active", l -> l.contains("LXC driver active") || l.contains("LXC driver disabled"), false),
        new Marker("jvirt core active (event bridges)", l -> l.contains("posting domain events to EventAdmin"), false),
        new Marker("QEMU driver: state load began", l -> l.contains("qemu:///system: loading the domains'"), false),
        new Marker("QEMU driver: first guest reconnected", l -> l.contains("reconnected to domain"), false),
        new Marker("QEMU driver: last guest reconnected", l -> l.contains("reconnected to domain"), true),
        new Marker("QEMU driver: state loaded and guests reconnected (`qemu:///system: N domains, M running`)",
            l -> l.contains("qemu:///system:") && l.contains(" domains, ") && l.contains(" running"), false),
        new Marker("QEMU driver registered with the core", l -> l.contains("hypervisor driver 'qemu' registered"), false),
        new Marker("last driver registered", l -> l.contains("| ConnectorImpl ") && l.contains(" registered"), true),
        new Marker("ssh server starting (sshd's I/O factory chosen)", l -> l.contains("IoServiceFactoryFactory"), false),
        new Marker("jvirt's console commands registered (shell bundle)",
            l -> l.contains("Registering commands for bundle io.jvirt.shell-bundle"), false),
        new Marker("ssh console: first client session authenticated", l -> l.contains("| ServerSessionImpl ") && l.contains("authenticated"), false));

    /** Bundle restarts: the driver's own steps. */
    private static final List<Marker> BUNDLE = List.of(
        new Marker("QEMU driver: state load began", l -> l.contains("qemu:///system: loading the domains'"), false),
        new Marker("QEMU driver: first guest reconnected", l -> l.contains("reconnected to domain"), false),
        new Marker("QEMU driver: last guest reconnected", l -> l.contains("reconnected to domain"), true),
        new Marker("QEMU driver: state loaded and guests reconnected (`qemu:///system: N domains, M running`)",
            l -> l.contains("qemu:///system:") && l.contains(" domains, ") && l.contains(" running"), false),
        new Marker("QEMU driver registered with the core", l -> l.contains("hypervisor driver 'qemu' registered"), false));

    private final Map<String, Double> steps = new LinkedHashMap<>();

    private RestartTimeline() {
    }

    /**
     * The steps of a container restart that began at {@code command}; {@code known}: the harness's own
     * instants; {@code newJvm}: when the new container's JVM started (the old one logs its shutdown
     * after the command too: the log's steps are taken from the new JVM's lines only), or null.
     */
    static RestartTimeline container(Path karafLog, Instant command, Instant newJvm, Map<String, Instant> known) {
        return read(karafLog, newJvm != null && newJvm.isAfter(command) ? newJvm : command, command, known, CONTAINER);
    }

    /**
     * When process {@code pid} started, to about 10 ms: its start in clock ticks since boot
     * ({@code /proc/PID/stat}, field 22) against {@code /proc/uptime} read now. ProcessHandle's
     * startInstant is no use here: it adds the boot time in whole seconds, up to a second off.
     */
    static Instant processStart(long pid) {
        try {
            Instant now = Instant.now();
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0]);
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(after[19]); // field 22 overall; fields after the command name start at 3
            double ago = uptime - ticks / 100.0; // USER_HZ: 100 on Linux
            return now.minusNanos((long) (ago * 1e9));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static RestartTimeline bundle(Path karafLog, Instant command, Map<String, Instant> known) {
        return read(karafLog, command, command, known, BUNDLE);
    }

    private static RestartTimeline read(Path karafLog, Instant linesFrom, Instant command, Map<String, Instant> known, List<Marker> markers) {
        RestartTimeline t = new RestartTimeline();
        Map<String, Instant> found = new LinkedHashMap<>(known);
        List<String> lines;
        try {
            lines = Files.readAllLines(karafLog);
        } catch (IOException | RuntimeException e) {
            lines = List.of();
        }
        for (String line : lines) {
            Instant at = instant(line);
            if (at == null || at.isBefore(linesFrom)) {
                continue;
            }
            for (Marker m : markers) {
                if (m.line().test(line) && (m.last() || !found.containsKey(m.step()))) {
                    found.put(m.step(), at);
                }
            }
        }
        found.entrySet().stream().sorted(Map.Entry.comparingByValue())
            .forEach(e -> t.steps.put(e.getKey(), (e.getValue().toEpochMilli() - command.toEpochMilli()) / 1000.0));
        return t;
    }

    private static Instant instant(String line) {
        if (line.length() < 23 || line.charAt(4) != '-' || line.charAt(10) != 'T') {
            return null;
        }
        try {
            return LocalDateTime.parse(line.substring(0, 23), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A table of several restarts' timelines side by side (one column per restart; a step's row
     * in the order of the first restart's instants), seconds since the restart command.
     */
    static String table(String title, List<RestartTimeline> runs) {
        if (runs.isEmpty()) {
            return "";
        }
        List<String> order = new ArrayList<>();
        for (RestartTimeline r : runs) {
            for (String s : r.steps.keySet()) {
                if (!order.contains(s)) {
                    order.add(s);
                }
            }
        }
        order.sort((a, b) -> Double.compare(firstOf(runs, a), firstOf(runs, b)));
        StringBuilder sb = new StringBuilder("\n").append(title).append("\n\n| step | ");
        for (int i = 1; i <= runs.size(); i++) {
            sb.append("run ").append(i).append(" (s) | ");
        }
        sb.append("\n|---|").append("---:|".repeat(runs.size())).append('\n');
        for (String s : order) {
            sb.append("| ").append(s).append(" |");
            for (RestartTimeline r : runs) {
                Double v = r.steps.get(s);
                sb.append(v == null ? " - |" : String.format(Locale.ROOT, " %.2f |", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static double firstOf(List<RestartTimeline> runs, String step) {
        for (RestartTimeline r : runs) {
            Double v = r.steps.get(step);
            if (v != null) {
                return v;
            }
        }
        return Double.MAX_VALUE;
    }
}
