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
    record Tables(String testDriver, String domainXml, String qemuStart, String qemuRestart, String memory, String rpc) {
    }

    /** Scenario 5's line in the document's index. */
    static final String MEMORY_ROW = "| 5 | resident memory, idle and with 1,000 and 10,000 domains, vs libvirtd: the distribution and jvirt embedded in plain Felix | measured below |\n";

    private Document() {
    }

    /**
     * {@code doc} with section 5 (and its index line) replaced by a fresh measurement, the other sections
     * as they were: for {@code --only=5 --out=FILE}.
     */
    static String withMemorySection(String doc, String table) {
        if (!doc.contains("## 5. Resident memory")) {
            throw new IllegalArgumentException("no section 5 to replace");
        }
        String replaced = withSection(doc, 5, memorySection(table));
        return replaced.replaceFirst("\\| 5 \\| resident memory[^\n]*\n", java.util.regex.Matcher.quoteReplacement(MEMORY_ROW));
    }

    static String render(Tables t, TestDriverScenario.Size size, boolean smoke) {
        return "# jvirt performance\n\n"
            + "Written by `bench/run.sh` on " + LocalDate.now() + (smoke ? " (SMOKE RUN: figures meaningless)" : "") + ".\n\n"
            + "Machine: " + machine() + ". The machine is shared with other engineers' builds, so only\n"
            + "ratios between figures taken in the same run mean anything; absolute figures vary from run to run.\n\n"
            + "| # | scenario | status |\n|---|---|---|\n"
            + "| 1 | test driver operations per second, jvirt's Java API vs libvirt's C API | measured below |\n"
            + "| 2 | domain XML parse + format over libvirt's qemu-xml corpus | measured below |\n"
            + "| 3 | QEMU start-to-running latency of a diskless TCG guest, one and 20 at once: jvirt vs libvirtd vs the raw command line | measured below |\n"
            + "| 4 | QEMU driver restart with 1,000 domains and 20 running guests: jvirt (in process, bundle, container) vs libvirtd | measured below |\n"
            + MEMORY_ROW
            + RPC_INDEX_ROW + "\n"
            + testDriverSection(t.testDriver(), size)
            + "## 2. Domain XML parse + format (libvirt's qemu-xml corpus)\n\n"
            + "One document per operation, round-robin over the corpus, in one JMH run (1 fork, 5 x 2 s\n"
            + "warm-up, 5 x 2 s measurement). The baseline reads every StAX event of the same document\n"
            + "with the JDK's parser and builds nothing: the ratio is how much of that floor jvirt's\n"
            + "complete parse (model, validation, defaults) and format reach.\n\n"
            + t.domainXml()
            + "\n" + qemuStartSection(t.qemuStart(), smoke)
            + qemuRestartSection(t.qemuRestart(), smoke)
            + memorySection(t.memory())
            + rpcSection(t.rpc(), smoke)
            + "## Reproduce\n\n"
            + "```sh\n"
            + "apt-get install -y --no-install-recommends libvirt-daemon libvirt-clients libvirt-dev pkg-config\n"
            + "apt-get install -y --no-install-recommends qemu-system-x86 libvirt-daemon-driver-qemu\n"
            + "apt-get install -y --no-install-recommends python3-libvirt   # scenario 6's client\n"
            + "bench/run.sh            # every scenario (about half an hour); writes this file\n"
            + "bench/run.sh --smoke    # tiny sizes, no libvirt, no Karaf: checks the harness only (CI)\n"
            + "bench/run.sh --only=6   # scenario 6 alone, written into this file in place of its section\n"
            + "bench/run.sh --only=jvm # scenarios 1 and 3's jvirt side in child JVMs: the JVM's defaults vs bin/setenv's settings\n"
            + "bench/boot-ab.sh 6 A.tar.gz B.tar.gz   # two distribution archives' boots, alternating (section 4)\n"
            + "bench/run.sh --only=7   # scenario 7 alone (libvirtd, python3-libvirt), written into this file in place of its section\n"
            + "```\n";
    }

    static String memorySection(String table) {
        StringBuilder sizes = new StringBuilder();
        for (int n : MemoryScenario.SIZES) {
            sizes.append(sizes.length() == 0 ? "" : " and ").append(String.format(Locale.ROOT, "%,d", n));
        }
        return "## 5. Resident memory\n\n"
            + "VmRSS from /proc/PID/status, each process started by the harness on its own ports and sockets\n"
            + "in a temp dir, read " + MemoryScenario.SETTLE_SECONDS + " s after it answered (idle), then "
            + MemoryScenario.SETTLE_SECONDS + " s after " + sizes
            + " domains\nwere defined on test:///default (scenario 1's domain XML), then stopped by pid.\n\n"
            + "- jvirt: the Karaf distribution (`karaf-dist/target/karaf-dist-*.tar.gz`, every built driver, all\n"
            + "  idle) with the JVM settings of its `bin/setenv` and its boot features, started with `bin/start`,\n"
            + "  stopped and started again (measured from its second start on, as a host runs it: the first start\n"
            + "  resolves the boot features and its stop writes the class data sharing archive later starts map).\n"
            + "- jvirt embedded in plain Felix (the README's embedding, as itests' EmbeddedFelixIT): Felix 7.0.5 +\n"
            + "  SCR 2.2.14 in a JVM of its own (bench's `EmbeddedFelixMain`) with slf4j-api/simple, api-bundle,\n"
            + "  core-bundle and driver-test, and the JVM options of the distribution's `bin/setenv` (read from it);\n"
            + "  its domains are defined through the `Connector` service's connection in that JVM (an embedding\n"
            + "  application calls the API; it serves no RPC), the same domain XML.\n"
            + "- libvirt: `libvirtd -f CONF` with its built-in drivers only (`LIBVIRT_DRIVER_DIR` points at an\n"
            + "  empty folder: test and remote; the QEMU module would need a `libvirt-qemu` user): libvirtd\n"
            + "  carries fewer drivers than jvirt here.\n"
            + "- For the distribution and libvirtd the domains are defined by one `virsh -c test+unix:///default?socket=...`\n"
            + "  session (jvirt serves libvirt's protocol on `data/run/libvirt-sock`) that stays connected while the sizes\n"
            + "  are read (libvirt frees test:///default's state with its last connection).\n\n"
            + table
            + "\n" + notes("memory-notes.md")
            + "\n";
    }

    private static String qemuStartSection(String table, boolean smoke) {
        QemuStartScenario.Size size = smoke ? QemuStartScenario.Size.SMOKE : QemuStartScenario.Size.FULL;
        return "## 3. QEMU start latency (diskless TCG guest)\n\n"
            + "The guest, the same document on every side: `<domain type='qemu'>`, 64 MiB, one vCPU, no disk, no\n"
            + "kernel (SeaBIOS finds nothing to boot and idles; what is measured is the start, not a boot), under\n"
            + "TCG (`qemu-system-x86_64` 7.2; no usable KVM here). Three sides, one after the other:\n\n"
            + "- **raw command line** (the baseline): the argv jvirt generates for the document\n"
            + "  (`domxml-to-native qemu-argv`, parsed back into words), spawned by the harness itself (no\n"
            + "  `setsid`), QMP connected by the harness (retrying every " + QmpClient.RETRY_MILLIS + " ms), then `qmp_capabilities`, `cont`,\n"
            + "  `query-status`.\n"
            + "- **jvirt**: the QEMU driver in process (`QemuDriver.standalone` + `StandaloneConnector`, no\n"
            + "  OSGi, as scenario 1), `Domain.create()` of a defined domain.\n"
            + "- **libvirtd**: a private libvirtd 9.0 (system instance as root, in a mount namespace of its own\n"
            + "  with private /etc/libvirt, /run/libvirt and /var; qemu.conf `user=\"root\" group=\"root\"\n"
            + "  dynamic_ownership=0 security_driver=\"none\" stdio_handler=\"file\" cgroup_controllers=[]`; only\n"
            + "  its QEMU driver module loaded), driven through libvirt's C API (`virDomainCreate` of a defined\n"
            + "  domain; bench/src/main/c/qemu_bench.c), not one `virsh start` process per start.\n\n"
            + "**Running**, on every side: QEMU has replied to `cont`, i.e. its vCPUs run. jvirt's `create` and\n"
            + "libvirt's `virDomainCreate` return only after that reply (both spawn QEMU with `-S`, connect QMP,\n"
            + "then send `cont`); the clock stops when the call returns, and the harness then checks, untimed,\n"
            + "that the driver reports the domain running (`Domain.state()`, `virDomainGetState`). For the raw\n"
            + "command line the clock stops when `query-status` after `cont` says `\"running\": true`. The clock\n"
            + "starts just before the call (jvirt, libvirt) or the spawn (raw). One clock: CLOCK_MONOTONIC\n"
            + "(`System.nanoTime`, `clock_gettime` in C). Each start is followed by a destroy (QMP `quit` for\n"
            + "the raw side), untimed.\n\n"
            + "One guest: " + size.warmup() + " warm-up starts, then " + size.reps() + " measured; the median, min and max.\n"
            + "The raw command line and jvirt take turns (raw then jvirt, then jvirt then raw, ...), so that a drift of\n"
            + "the shared machine's speed during the run lands in both medians, not in their ratio; libvirtd's starts\n"
            + "run after them, in their own program. "
            + size.concurrent() + " at once: " + size.concurrent() + " defined guests\n"
            + "started from " + size.concurrent() + " threads released together (libvirt: one connection per thread, since\n"
            + "libvirtd serves at most 5 calls of one client connection at a time), timed from the release until\n"
            + "the last start returned; " + size.concurrentWarmup() + " warm-up round(s), the median of " + size.concurrentRounds()
            + " measured rounds.\n\n"
            + table
            + "\n" + notes("qemu-start-notes.md")
            + "\n";
    }

    private static String qemuRestartSection(String table, boolean smoke) {
        QemuRestartScenario.Size size = smoke ? QemuRestartScenario.Size.SMOKE : QemuRestartScenario.Size.FULL;
        return "## 4. Restart: a QEMU driver finding its guests again\n\n"
            + String.format(Locale.ROOT, "%,d persistent domains (scenario 3's diskless guest, each its own name), the first %d of them\n",
                size.domains(), size.running())
            + "running. The QEMUs keep running through every restart; a restart is timed from the restart command\n"
            + "until a client sees all of them listed and the running ones running again; "
            + size.reps() + " restarts per side, the median.\n\n"
            + "- **jvirt in process** (extra row): `QemuDriver.stop()` and a new `QemuDriver.standalone` on the same\n"
            + "  state directory, until its first `listAllDomains` (the driver loads every config and status\n"
            + "  file and reconnects to every QEMU's monitor before it answers).\n"
            + "- **jvirt's Karaf distribution** (`karaf-dist` archive, `default.uri = qemu:///system`): the domains are\n"
            + "  defined and started in process on the container's own state directory before its first start\n"
            + "  (untimed); the container runs as shipped (`bin/start`, its `bin/setenv` JVM settings and boot features).\n"
            + "  When the distribution makes a class data sharing archive at its first stop, one untimed restart makes it\n"
            + "  before the measured ones (its stop's duration is noted below the table).\n"
            + "  **Bundle restart**: `bundle:restart " + QemuRestartScenario.QEMU_BUNDLE + "` sent over the ssh console.\n"
            + "  **Container restart**: SIGTERM to the container's pid, wait for its end (its pid polled every\n"
            + "  " + QemuRestartScenario.POLL_MILLIS + " ms: the container's JVM is not the harness's child), `bin/start`. Both until\n"
            + "  `virt:list --all`, polled over the ssh console from inside the harness (Apache MINA SSHD client,\n"
            + "  one ssh session per poll), shows every domain and exactly the running ones.\n"
            + "- **libvirtd**: the private libvirtd of scenario 3, domains defined and started by one `virsh`\n"
            + "  session (untimed); SIGTERM to its pid, wait for its end, a new `libvirtd` on the same folders; until\n"
            + "  a C API poller (`qemu_bench ready`) lists every domain, exactly the running ones active, and each\n"
            + "  running one answers `query-status` with `running` through the daemon (`virDomainQemuMonitorCommand`:\n"
            + "  libvirtd lists a domain running as soon as it read its status file and reconnects in a thread per\n"
            + "  domain; the monitor call waits for that reconnect, so it shows the guest really reconnected).\n\n"
            + "Pollers on both sides retry every " + QemuRestartScenario.POLL_MILLIS + " ms; the instants are all CLOCK_MONOTONIC.\n"
            + "Issue 27's targets: a container restart at most " + QemuRestartScenario.TARGET_CONTAINER + "x libvirtd's, a driver\n"
            + "bundle restart at most " + QemuRestartScenario.TARGET_BUNDLE + "x. Below the table, each restart's steps from the\n"
            + "container's own log (`RestartTimeline`).\n\n"
            + table
            + "\n" + notes("qemu-restart-notes.md")
            + "\n";
    }

    /** Row 6 of the scenario list at the top of the document. */
    static final String RPC_INDEX_ROW = "| 6 | libvirt's RPC protocol served: the same libvirt-python script against libvirtd and jvirt, 1 and 20 clients, memory with 500 idle clients | measured below |\n";

    /**
     * The document with section {@code n} replaced by {@code section} (or put before "## Reproduce"
     * when it has none yet), and scenario 6's row in the list at the top: how {@code --only=6
     * --out=FILE} updates one scenario without the half hour of a full run.
     */
    static String withSection(String doc, int n, String section) {
        String head = "## " + n + ". ";
        int at = doc.indexOf(head);
        int end;
        if (at >= 0) {
            end = doc.indexOf("\n## ", at + head.length());
            end = end < 0 ? doc.length() : end + 1;
        } else {
            at = doc.indexOf("## Reproduce");
            at = at < 0 ? doc.length() : at;
            end = at;
        }
        String out = doc.substring(0, at) + section + doc.substring(end);
        if (n == 6 && !out.contains("| 6 | ")) {
            int row5 = out.indexOf("| 5 | ");
            if (row5 >= 0) {
                int nl = out.indexOf('\n', row5) + 1;
                out = out.substring(0, nl) + RPC_INDEX_ROW + out.substring(nl);
            }
        }
        return out;
    }

    static String rpcSection(String table, boolean smoke) {
        RpcScenario.Size size = smoke ? RpcScenario.Size.SMOKE : RpcScenario.Size.FULL;
        return "## 6. libvirt's RPC protocol: jvirt's server vs libvirtd\n\n"
            + "Measured on " + LocalDate.now() + (smoke ? " (SMOKE RUN: figures meaningless)" : "") + ".\n"
            + "One libvirt-python script (Debian's python3-libvirt 9.0, bench/src/main/resources/io/jvirt/bench/rpc_bench.py),\n"
            + "unchanged, against three servers running on the same machine at once:\n\n"
            + "- **libvirtd 9.0** with its built-in drivers only (test and remote), its sockets in a temp dir,\n"
            + "  `auth_unix_rw = \"none\"`; the script connects to `test+unix:///default?socket=...`.\n"
            + "- **jvirt**: the Karaf distribution (`karaf-dist` archive, `bin/start`, default configuration, every\n"
            + "  driver installed), over its default socket `data/run/libvirt-sock`, the same URI (its test driver).\n"
            + "- **the floor**: bench/src/main/c/rpc_floor.c (`gcc -O2`), a C program that answers each call at\n"
            + "  once in the one thread that read it (poll() over its UNIX socket and clients, no worker, no\n"
            + "  lock) and does no work: it keeps no domains and answers lookup, info and dumpxml with fixed\n"
            + "  values of the test driver's sizes. It is the least a libvirt RPC server can cost this client\n"
            + "  on this machine, so its ratio to libvirtd (*floor / libvirtd*) is the most any server, jvirt's\n"
            + "  or another, could reach on a row: a row whose floor is under 2x libvirtd cannot meet the target\n"
            + "  here (\"floor X: unreachable\").\n\n"
            + String.format(Locale.ROOT, "All start empty; the script defines %,d domains on each (`bench-0` ...; the test driver's own `test`\n", size.domains())
            + "domain is there too) through a connection it keeps open for the whole run, since libvirt's test\n"
            + "driver frees `test:///default`'s state with its last connection (a node file, `test:///path/node.xml`,\n"
            + "would be parsed again by every open, which the open + close row would then measure). Each row\n"
            + "starts its clients as separate processes (multiprocessing's `spawn` context: fresh interpreters,\n"
            + "so no shared GIL and no libvirt state inherited through `fork`), each with its own connection,\n"
            + "released together by a barrier; each client runs the operation in a loop for " + size.warmup() + " s of warm-up,\n"
            + "then counts calls for " + size.seconds() + " s; a row's figure is the sum over its clients of calls per second.\n"
            + "Each row runs " + size.rounds() + " round(s); in each the three servers take turns (the order rotated by one\n"
            + "each round), so that they are compared within seconds of each other on a machine whose speed\n"
            + "drifts (a shared host: one server's rate has moved by half between two runs\n"
            + "minutes apart); the table shows each server's median over the rounds. dumpxml\n"
            + "and info go round a client's own 50 domain handles; define + undefine counts the pair as one\n"
            + "operation; list returns all " + String.format(Locale.ROOT, "%,d", size.domains() + 1) + " domains per call (libvirt-python builds a\n"
            + "domain object for each, on the client's side, the same for every server).\n\n"
            + "The client is part of every figure: libvirt-python and libvirt's client library cost the\n"
            + "same time per call whichever server answers, and on two cores the clients and the server share\n"
            + "the CPUs. So each client also times its own CPU over its counted loop (`time.process_time`: its\n"
            + "process's user + system time); a row's *client CPU us/op* is its clients' CPU summed over their\n"
            + "calls summed, against jvirt / against libvirtd. The *ceiling* is the best jvirt / libvirtd ratio\n"
            + "any server could reach with this client on this machine, a server taking no time at all: with one\n"
            + "client, the client's own CPU per call is all a call could cost, so ceiling = (libvirtd's us per\n"
            + "call, 10^6 / its ops/s) / (the client's CPU us per call against jvirt); with N clients on C cores\n"
            + "(" + RpcScenario.CORES + " here) the clients' CPU is spread over at most min(N, C) of them, so ceiling = (libvirtd's us\n"
            + "per call) / (the clients' CPU us per call / min(N, C)). A row whose ceiling is under 2 cannot meet\n"
            + "the 2x target with this client here, whatever the server does: its target column says so\n"
            + "(\"ceiling X: unreachable\"). Both figures move with libvirtd's rate, which moves from run to run\n"
            + "on this shared machine more than jvirt's does.\n\n"
            + "Memory: VmRSS of the server process (jvirt: the Karaf JVM) " + size.settle() + " s after the rows,\n"
            + "and again " + size.settle() + " s after one more client process opened " + size.idleClients() + " connections that then stay idle.\n\n"
            + table
            + "\n" + notes("rpc-notes.md")
            + "\n";
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
            + "\n" + notes("profile-notes.md");
    }

    /**
     * What the profiles and the figures showed, where jvirt is behind (kept in
     * bench/src/main/resources so it is edited as text, beside the code it explains).
     */
    private static String notes(String resource) {
        try (var in = Document.class.getResourceAsStream(resource)) {
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
