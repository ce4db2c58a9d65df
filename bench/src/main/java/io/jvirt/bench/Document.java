package io.jvirt.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/** The text of docs/PERFORMANCE.md around the measured tables. */
final class Document {

    /** The measured tables, as Markdown. */
    record Tables(String testDriver, String domainXml, String memory) {
    }

    private Document() {
    }

    static String render(Tables t, TestDriverScenario.Size size, boolean smoke) {
        return "# jvirt performance\n\n"
            + "Written by `bench/run.sh` on " + LocalDate.now() + (smoke ? " (SMOKE RUN: figures meaningless)" : "") + ".\n\n"
            + "Machine: " + machine() + ". The machine is shared with other engineers' builds, so only\n"
            + "ratios between figures taken in the same run mean anything; absolute figures vary from run to run.\n\n"
            + "| # | scenario | status |\n|---|---|---|\n"
            + "| 1 | test driver operations per second, jvirt's Java API vs libvirt's C API | measured below |\n"
            + "| 2 | domain XML parse + format over libvirt's qemu-xml corpus | measured below |\n"
            + "| 3 | QEMU start latency | **not measured yet**: needs jvirt's QEMU driver (issue 7) |\n"
            + "| 4 | restart (reconnecting to running QEMU guests) | **not measured yet**: needs jvirt's QEMU driver (issue 7) |\n"
            + "| 5 | resident memory, idle and with 1,000 domains, vs libvirtd | measured below |\n\n"
            + testDriverSection(t.testDriver(), size)
            + "## 2. Domain XML parse + format (libvirt's qemu-xml corpus)\n\n"
            + "One document per operation, round-robin over the corpus, in one JMH run (1 fork, 5 x 2 s\n"
            + "warm-up, 5 x 2 s measurement). The baseline reads every StAX event of the same document\n"
            + "with the JDK's parser and builds nothing: the ratio is how much of that floor jvirt's\n"
            + "complete parse (model, validation, defaults) and format reach.\n\n"
            + t.domainXml()
            + "\n## 3. QEMU start latency, 4. Restart\n\n"
            + "Not measured yet: both need jvirt's QEMU driver (issue 7), which is being written. libvirt's\n"
            + "side is ready on this machine (libvirt-daemon-driver-qemu, qemu-system-x86_64 under TCG; see\n"
            + "the hypervisor notes).\n\n"
            + "## 5. Resident memory\n\n"
            + "VmRSS from /proc/PID/status, each process started by the harness on its own ports and sockets\n"
            + "in a temp dir, read " + MemoryScenario.SETTLE_SECONDS + " s after it answered (idle) and "
            + MemoryScenario.SETTLE_SECONDS + " s after " + String.format(Locale.ROOT, "%,d", MemoryScenario.DOMAINS)
            + " domains were\ndefined on test:///default (scenario 1's domain XML), then stopped by pid.\n\n"
            + "- jvirt: the Karaf distribution (`karaf-dist/target/karaf-dist-*.tar.gz`, every built driver:\n"
            + "  test, qemu, lxc, esx, all idle) with its default JVM options, started with `bin/start`; the domains\n"
            + "  are defined by one `bin/client -f FILE` session of `virt:define` commands.\n"
            + "- libvirt: `libvirtd -f CONF` with its built-in drivers only (`LIBVIRT_DRIVER_DIR` points at an\n"
            + "  empty folder: test and remote; the QEMU module would need a `libvirt-qemu` user): libvirtd\n"
            + "  carries fewer drivers than jvirt here; the domains are defined by one `virsh -c test+unix:///default?socket=...`\n"
            + "  session that stays connected while the size is read (libvirt frees test:///default's state\n"
            + "  with its last connection).\n\n"
            + t.memory()
            + "\njvirt is far behind libvirtd here. The container's size is the JVM and Karaf (Felix, the\n"
            + "console and its ssh server, logging, the JVM's own code cache and metaspace) and a heap the\n"
            + "JVM sizes by its defaults, not jvirt's data: 1,000 domains add little to either process (the\n"
            + "difference between the two columns). Cutting it means JVM options for the distribution (a\n"
            + "small fixed heap, SerialGC, fewer compiler threads) and fewer boot features; not done here.\n\n"
            + "## Reproduce\n\n"
            + "```sh\n"
            + "apt-get install -y --no-install-recommends libvirt-daemon libvirt-clients libvirt-dev pkg-config\n"
            + "bench/run.sh            # every scenario (about ten minutes); writes this file\n"
            + "bench/run.sh --smoke    # tiny sizes, no libvirt needed: checks the harness only (CI)\n"
            + "```\n";
    }

    private static String testDriverSection(String table, TestDriverScenario.Size size) {
        return "## 1. Test driver: jvirt's Java API vs libvirt's C API\n\n"
            + String.format(Locale.ROOT, "N = %,d domains, in process on both sides: jvirt through `io.jvirt.api` on\n", size.domains())
            + "`StandaloneConnector` + `TestDriver` (no OSGi), libvirt 9.0 through its C API on\n"
            + "`test:///default` (no daemon; bench/src/main/c/testdriver_bench.c, `gcc -O2`). Both define the\n"
            + "same `<domain type='test'>` document with a unique name and UUID per domain and run the same\n"
            + "phases in the same order, each over all N domains: define, listAllDomains (" + size.listRepeats() + " calls,\n"
            + "each returning every domain), lookup by name, dumpxml, start (virDomainCreate), info, destroy,\n"
            + "undefine. Each side runs " + size.warmupRounds() + " warm-up rounds, then " + size.measuredRounds()
            + " measured rounds timed with a monotonic clock\n"
            + "per phase; a figure is the median over the measured rounds, in operations per second (for\n"
            + "listAllDomains: calls per second). The two sides run one after the other, not together.\n\n"
            + table
            + "\n" + profileNotes();
    }

    /**
     * What the profiles showed where jvirt is behind (kept in bench/src/main/resources so it is
     * edited as text, beside the code it explains).
     */
    private static String profileNotes() {
        try (var in = Document.class.getResourceAsStream("profile-notes.md")) {
            return in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String machine() {
        String cpu = "unknown";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(cpuinfo)) {
                cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
            }
        } catch (IOException e) {
            // the CPU's name is a nicety
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), "
            + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap, Java "
            + System.getProperty("java.version") + " (" + ManagementFactory.getRuntimeMXBean().getVmName() + "), "
            + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }
}
