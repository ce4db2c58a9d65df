package io.jvirt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jvirt.api.testing.Prerequisite;

/** Keeps the benchmark harness working (CI's smoke mode, no libvirt); measures nothing meaningful. */
class ReportSmokeTest {

    @Test
    void everyBenchmarkRunsAndReports() throws Exception {
        Map<String, Report.Score> ops = Report.run(true);
        for (String name : new String[] {"parseAndFormat", "parse", "staxScanBaseline"}) {
            assertTrue(ops.containsKey(name), name + " ran");
            assertTrue(ops.get(name).opsPerSecond() > 0, name + " measured something");
        }
        assertTrue(Report.xmlTable(ops).contains("| parseAndFormat |"));
    }

    @Test
    void testDriverScenarioRunsEveryPhaseAndReportsWithoutLibvirt() {
        Map<String, Double> ops = TestDriverScenario.run(TestDriverScenario.Size.SMOKE);
        assertEquals(TestDriverScenario.PHASES, java.util.List.copyOf(ops.keySet()));
        ops.forEach((phase, v) -> assertTrue(v > 0, phase + " measured something"));
        String table = TestDriverScenario.table(ops,
            new LibvirtTestDriverBench.Outcome(Map.of(), "libvirt not installed"));
        assertTrue(table.contains("| define |") && table.contains("not measured"), table);
        assertTrue(table.contains("libvirt not installed"), table);
    }

    @Test
    void ratiosBelowTheTargetAreFlagged() {
        Map<String, Double> jvirt = new java.util.LinkedHashMap<>();
        Map<String, Double> libvirt = new java.util.LinkedHashMap<>();
        for (String phase : TestDriverScenario.PHASES) {
            jvirt.put(phase, 300.0);
            libvirt.put(phase, 100.0);
        }
        jvirt.put("define", 150.0);
        String table = TestDriverScenario.table(jvirt, new LibvirtTestDriverBench.Outcome(libvirt, null));
        assertTrue(table.contains("| define | 150 | 100 | 1.50 | **behind target** |"), table);
        assertTrue(table.contains("| undefine | 300 | 100 | 3.00 | met |"), table);
    }

    @Test
    void theCSideUsesTheSameDomainXmlTemplate() {
        // the C program's snprintf template, as the Java side must produce it
        assertEquals("<domain type='test'><name>bench-42</name><uuid>6a1e0000-0000-4000-8000-000000000042</uuid>"
            + "<memory unit='KiB'>8192</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>",
            TestDriverScenario.domainXml(42));
    }

    @Test
    void theDocumentNamesEveryScenario() {
        String doc = Document.render(new Document.Tables("T1", "T2", "T3", "T4", "T5", "T6"), TestDriverScenario.Size.SMOKE, true);
        for (String s : new String[] {"## 1.", "## 2.", "## 3.", "## 4.", "## 5.", "## 6.", "T1", "T2", "T3", "T4", "T5", "T6", "bench/run.sh"}) {
            assertTrue(doc.contains(s), s);
        }
        assertFalse(doc.contains("not measured yet"), "every scenario has its section");
    }

    @Test
    void theRawSideReadsJvirtsShellCommandBackIntoArgv() {
        // the shape QemuCommandLine.toShell prints: env first, one option per line, quoted words
        String shell = "LC_ALL=C /usr/bin/qemu-system-x86_64 \\\n-name guest=a,debug-threads=on \\\n"
            + "-chardev 'socket,id=charmonitor,path=/tmp/x y,,z/u.qmp,server=on,wait=off' \\\n-append 'it'\\''s' \\\n-S\n";
        ShellWords.Command cmd = ShellWords.parse(shell);
        assertEquals(List.of("LC_ALL=C"), cmd.env());
        assertEquals(List.of("/usr/bin/qemu-system-x86_64", "-name", "guest=a,debug-threads=on", "-chardev",
            "socket,id=charmonitor,path=/tmp/x y,,z/u.qmp,server=on,wait=off", "-append", "it's", "-S"), cmd.argv());
        assertEquals(java.nio.file.Path.of("/tmp/x y,z/u.qmp"), RawQemu.monitorSocket(cmd.argv()));
    }

    @Test
    void qemuStartTargetsAreJudgedAgainstRawAndLibvirtd() {
        QemuStartScenario.Size size = QemuStartScenario.Size.SMOKE;
        var raw = new QemuStartScenario.Side(List.of(100.0), List.of(1000.0), null);
        var jvirt = new QemuStartScenario.Side(List.of(105.0), List.of(1200.0), null);
        var libvirt = new QemuStartScenario.Side(List.of(400.0), List.of(1100.0), null);
        String table = QemuStartScenario.table(new QemuStartScenario.Figures(raw, jvirt), libvirt, size);
        assertTrue(table.contains("| one guest: jvirt <= 1.10 x raw | 1.05 | met |"), table);
        assertTrue(table.contains("| one guest: jvirt < libvirtd | 0.26 | met |"), table);
        assertTrue(table.contains("at once: jvirt <= 1.10 x raw | 1.20 | **behind target** |"), table);
        assertTrue(table.contains("at once: jvirt < libvirtd | 1.09 | **behind target** |"), table);

        String without = QemuStartScenario.table(new QemuStartScenario.Figures(raw, jvirt),
            QemuStartScenario.Side.missing("smoke mode"), size);
        assertTrue(without.contains("libvirtd: not measured: smoke mode."), without);
        assertTrue(without.contains("| one guest: jvirt < libvirtd | - | not measured |"), without);
    }

    @Test
    void restartRowsAreComparedWithLibvirtd() {
        var s = QemuRestartScenario.Size.SMOKE;
        var f = new QemuRestartScenario.Figures(new QemuRestartScenario.Row(List.of(0.2), null),
            new QemuRestartScenario.Row(List.of(0.5, 0.7, 0.6), null), QemuRestartScenario.Row.missing("no archive"),
            new QemuRestartScenario.Row(List.of(1.0), null));
        String table = QemuRestartScenario.table(f, s);
        assertTrue(table.contains("| 0.60 | 0.50, 0.70, 0.60 | 0.60 | <= 0.8x: met |"), table);
        assertTrue(table.contains("container restart (SIGTERM, `bin/start`) | not measured |"), table);
        assertTrue(table.contains("jvirt container restart: not measured: no archive."), table);
        // issue 27's targets: a bundle restart within 0.8x libvirtd's, a container restart within 2.5x
        var g = new QemuRestartScenario.Figures(f.inProcess(), new QemuRestartScenario.Row(List.of(0.9), null),
            new QemuRestartScenario.Row(List.of(2.4), null), f.libvirtd());
        String judged = QemuRestartScenario.table(g, s);
        assertTrue(judged.contains("| 0.90 | 0.90 | 0.90 | <= 0.8x: **behind target** |"), judged);
        assertTrue(judged.contains("| 2.40 | 2.40 | 2.40 | <= 2.5x: met |"), judged);
    }

    @Test
    void memoryRowsAreComparedWithLibvirtdAndTheTargetsJudged() {
        var jvirt = new MemoryScenario.Figures(120 * 1024, new long[] {130 * 1024, 200 * 1024}, null, "heap");
        var libvirt = new MemoryScenario.Figures(20 * 1024, new long[] {26 * 1024, 80 * 1024}, null);
        String table = MemoryScenario.table(jvirt, libvirt);
        assertTrue(table.contains("| 120.0 | 130.0 | 200.0 | 6.0 | 5.0 | 2.5 |"), table);
        assertTrue(table.contains("| the distribution idle <= 128 MiB | 120.0 | met |"), table);
        assertTrue(table.contains("| the distribution with 10,000 domains <= 192 MiB | 200.0 | **behind target** by 8.0 MiB |"), table);
        String without = MemoryScenario.table(MemoryScenario.Figures.missing("no archive"), libvirt);
        assertTrue(without.contains("| not measured | not measured | not measured | - | - | - |"), without);
        assertTrue(without.contains("Not measured: no archive."), without);
    }

    @Test
    void aMemoryRunReplacesOnlyItsSection() {
        String doc = Document.render(new Document.Tables("T1", "T2", "T3", "T4", "T5", "T6"), TestDriverScenario.Size.SMOKE, true)
            .replace("| 5 | resident memory, idle and with 1,000 and 10,000 domains", "| 5 | resident memory, idle and with 1,000 domains");
        String updated = Document.withMemorySection(doc, "NEW-T5");
        assertTrue(updated.contains("NEW-T5") && !updated.contains("\nT5\n"), updated);
        assertTrue(updated.contains("T1") && updated.contains("T4") && updated.contains("## Reproduce"), updated);
        assertTrue(updated.contains("## 6. "), "section 6 stays: " + updated);
        assertTrue(updated.contains(Document.MEMORY_ROW), updated);
    }

    @Test
    void aListingCountsOnlyTheRunsDomains() {
        String out = " Id   Name        State\n-------------------------------\n 1    jvbx-0      running\n"
            + " -    jvbx-1      shut off\n 2    other       running\n";
        assertTrue(QemuRestartScenario.listed(out, "jvbx-", new QemuRestartScenario.Size(2, 1, 1)));
        assertFalse(QemuRestartScenario.listed(out, "jvbx-", new QemuRestartScenario.Size(2, 2, 1)));
        assertFalse(QemuRestartScenario.listed(out, "jvbx-", new QemuRestartScenario.Size(3, 1, 1)));
    }

    /** Scenarios 3 and 4 at smoke size, in process only (no libvirtd, no Karaf): a few tiny QEMUs. */
    @Test
    void qemuScenariosRunInProcessWhenQemuIsThere() throws Exception {
        Prerequisite.require(QemuGuests.qemuInstalled(), "qemu-system-x86_64 not installed");
        QemuStartScenario.Figures f = QemuStartScenario.run(QemuStartScenario.Size.SMOKE);
        assertTrue(f.raw().measured() && f.jvirt().measured(), f.toString());
        assertEquals(1, f.jvirt().startMs().size());
        assertTrue(f.raw().concurrentMedian() > 0 && f.jvirt().concurrentMedian() > 0, f.toString());

        QemuRestartScenario.Figures r = QemuRestartScenario.jvirt(QemuRestartScenario.Size.SMOKE, false);
        assertEquals(null, r.inProcess().missing());
        assertEquals(1, r.inProcess().seconds().size());
        assertTrue(r.container().missing().contains("smoke mode"), r.toString());
    }

    /** Scenario 6 at smoke size: the same libvirt-python script against jvirt's server embedded here (no libvirtd, no Karaf). */
    @Test
    void rpcScenarioRunsEveryRowAgainstTheEmbeddedServer() throws Exception {
        Prerequisite.require(RpcScenario.clientUnavailable() == null, "python3-libvirt not installed");
        RpcScenario.Size size = RpcScenario.Size.SMOKE;
        RpcScenario.Side jvirt = RpcScenario.jvirtEmbedded(size);
        assertEquals(null, jvirt.missing());
        assertEquals(RpcScenario.OPS, List.copyOf(jvirt.single().keySet()));
        assertEquals(RpcScenario.OPS, List.copyOf(jvirt.concurrent().keySet()));
        jvirt.single().forEach((op, v) -> assertTrue(v > 0, op + " measured something"));
        jvirt.concurrent().forEach((op, v) -> assertTrue(v > 0, op + " measured something with " + size.concurrent() + " clients"));
        assertTrue(jvirt.rssIdleClientsKiB() > 0, jvirt.toString());
        assertEquals(RpcScenario.OPS, List.copyOf(jvirt.singleClientCpuUs().keySet()));
        jvirt.singleClientCpuUs().forEach((op, v) -> assertTrue(v > 0, op + ": the client's CPU per call measured"));
        jvirt.concurrentClientCpuUs().forEach((op, v) -> assertTrue(v > 0, op + ": the clients' CPU per call measured"));
        String table = RpcScenario.table(jvirt, RpcScenario.Side.missing("smoke mode"), RpcScenario.Side.missing("smoke mode"), size);
        assertTrue(table.contains("| dumpxml (`XMLDesc(0)`) | 2 |") && table.contains("libvirtd: not measured: smoke mode."), table);
    }

    /**
     * Scenario 6's floor server (bench/src/main/c/rpc_floor.c, built here with gcc as bench/run.sh
     * builds it) answers every row of the same script, and the idle clients.
     */
    @Test
    void theFloorServerAnswersEveryRowOfTheScript(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        Prerequisite.require(RpcScenario.clientUnavailable() == null, "python3-libvirt not installed");
        java.nio.file.Path src = java.nio.file.Path.of("src/main/c/rpc_floor.c").toAbsolutePath();
        java.nio.file.Path bin = tmp.resolve("rpc_floor");
        Processes.Result cc = Processes.run(tmp, List.of("gcc", "-O2", "-Wall", "-Werror", "-o", bin.toString(), src.toString()),
            Map.of(), 120);
        assertEquals(0, cc.rc(), cc.output());
        RpcScenario.Size size = RpcScenario.Size.SMOKE;
        RpcScenario.Side floor = RpcScenario.floor(size, bin.toString());
        assertEquals(null, floor.missing());
        assertEquals(RpcScenario.OPS, List.copyOf(floor.single().keySet()));
        assertEquals(RpcScenario.OPS, List.copyOf(floor.concurrent().keySet()));
        floor.single().forEach((op, v) -> assertTrue(v > 0, op + " measured something"));
        assertTrue(floor.rssIdleClientsKiB() > 0, floor.toString());

        // the scenario as Report runs it in smoke mode: jvirt's embedded server and the floor in one
        // script run, row by row in turn; libvirtd not started
        String before = System.getProperty(RpcScenario.FLOOR_PROPERTY);
        System.setProperty(RpcScenario.FLOOR_PROPERTY, bin.toString());
        try {
            RpcScenario.Figures f = RpcScenario.run(size, true);
            assertEquals(null, f.jvirt().missing());
            assertEquals(null, f.floor().missing());
            assertTrue(f.libvirtd().missing().contains("smoke mode"), f.libvirtd().missing());
            for (RpcScenario.Side side : List.of(f.jvirt(), f.floor())) {
                assertEquals(RpcScenario.OPS, List.copyOf(side.single().keySet()));
                side.concurrent().forEach((op, v) -> assertTrue(v > 0, op + " measured with " + size.concurrent() + " clients"));
                side.singleClientCpuUs().forEach((op, v) -> assertTrue(v > 0, op + ": the client's CPU per call measured"));
            }
        } finally {
            if (before == null) {
                System.clearProperty(RpcScenario.FLOOR_PROPERTY);
            } else {
                System.setProperty(RpcScenario.FLOOR_PROPERTY, before);
            }
        }
    }

    @Test
    void aRowsFigureIsTheMedianOfItsRounds() {
        Map<String, List<double[]>> rows = new java.util.LinkedHashMap<>();
        for (String op : RpcScenario.OPS) {
            rows.put(op, List.of(new double[] {100, 5}, new double[] {300, 1}, new double[] {200, 9}));
        }
        rows.put("info", List.of(new double[] {100, 5}, new double[] {400, 7}));
        assertEquals(200.0, RpcScenario.medians(rows, 0).get("lookup"));
        assertEquals(5.0, RpcScenario.medians(rows, 1).get("lookup"));
        assertEquals(250.0, RpcScenario.medians(rows, 0).get("info"));
        assertEquals(6.0, RpcScenario.medians(rows, 1).get("info"));
    }

    @Test
    void rpcRowsAreJudgedAgainstTwiceLibvirtd() {
        var size = RpcScenario.Size.SMOKE;
        Map<String, Double> j = new java.util.LinkedHashMap<>();
        Map<String, Double> l = new java.util.LinkedHashMap<>();
        Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        for (String op : RpcScenario.OPS) {
            j.put(op, 300.0);
            l.put(op, 100.0);
            cpu.put(op, 1000.0);
        }
        j.put("open", 150.0);
        Map<String, Double> cpu2 = new java.util.LinkedHashMap<>(cpu);
        Map<String, Double> j2 = new java.util.LinkedHashMap<>(j);
        cpu.put("list", 6000.0); // one client: 10,000 us per call at libvirtd, 6,000 of them the client's own
        j2.put("lookup", 150.0);
        cpu2.put("lookup", 8000.0); // 2 clients on 2 cores: 4,000 us of client CPU per call, room for 2.5x
        j2.put("define", 150.0);
        cpu2.put("define", 12000.0); // 6,000 us per call: 1.67x at best
        var jvirt = new RpcScenario.Side(j, j2, cpu, cpu2, 100 * 1024, 110 * 1024, null);
        var libvirtd = new RpcScenario.Side(l, l, cpu, cpu, 20 * 1024, 22 * 1024, null);
        var floor = RpcScenario.Side.missing("not built");
        String table = RpcScenario.table(jvirt, libvirtd, floor, size, 2);
        assertTrue(table.contains("| open + close (`libvirt.open`, `close`) | 1 | 150 | 100 | 1.50 | 1,000 / 1,000 | 10.00 | - | - | **behind target** |"),
            table);
        assertTrue(table.contains("| list all domains (`listAllDomains(0)`) | 1 | 300 | 100 | 3.00 | 6,000 / 6,000 | 1.66 | - | - | met |"), table);
        assertTrue(table.contains("| lookup by name (`lookupByName`) | 2 | 150 | 100 | 1.50 | 8,000 / 1,000 | 2.50 | - | - | **behind target** |"), table);
        assertTrue(table.contains("| define + undefine (`defineXML`, `undefine`) | 2 | 150 | 100 | 1.50 | 12,000 / 1,000 | 1.66 "
            + "| - | - | **behind target**, ceiling 1.66: unreachable |"), table);
        assertTrue(table.contains("| domain info (`info()`) | 2 | 300 | 100 | 3.00 | 1,000 / 1,000 | 20.00 | - | - | met |"), table);
        assertTrue(table.contains("| jvirt | 100.0 | 110.0 | 10.0 | 3413 | 5.0 |"), table);
        // a ceiling just under 2 prints rounded down: 10,000 us / 5,001 us = 1.9996
        Map<String, Double> j3 = new java.util.LinkedHashMap<>(j);
        j3.put("info", 150.0);
        Map<String, Double> cpu3 = new java.util.LinkedHashMap<>(cpu);
        cpu3.put("info", 5001.0);
        String table3 = RpcScenario.table(new RpcScenario.Side(j3, j3, cpu3, cpu3, 1, 1, null), libvirtd, floor, size, 2);
        assertTrue(table3.contains(
            "| domain info (`info()`) | 1 | 150 | 100 | 1.50 | 5,001 / 1,000 | 1.99 | - | - | **behind target**, ceiling 1.99: unreachable |"), table3);
        // one core: the concurrent rows' clients have that one core only
        assertTrue(RpcScenario.table(jvirt, libvirtd, floor, size, 1).contains(
            "| 8,000 / 1,000 | 1.25 | - | - | **behind target**, ceiling 1.25: unreachable |"));
        assertTrue(table.contains("floor: not measured: not built."), table);
        // the floor server: under 2x libvirtd, a row cannot be met by any server (said before the ceiling)
        Map<String, Double> f = new java.util.LinkedHashMap<>(l);
        f.put("open", 190.0);
        f.put("lookup", 150.0);
        f.put("info", 250.0);
        String withFloor = RpcScenario.table(jvirt, libvirtd, new RpcScenario.Side(f, f, cpu, cpu, 1, 1, null), size, 2);
        assertTrue(withFloor.contains("| open + close (`libvirt.open`, `close`) | 1 | 150 | 100 | 1.50 | 1,000 / 1,000 | 10.00 | 190 | 1.90 "
            + "| **behind target**, floor 1.90: unreachable |"), withFloor);
        assertTrue(withFloor.contains("| define + undefine (`defineXML`, `undefine`) | 2 | 150 | 100 | 1.50 | 12,000 / 1,000 | 1.66 | 100 | 1.00 "
            + "| **behind target**, floor 1.00: unreachable |"), withFloor);
        assertTrue(withFloor.contains("| domain info (`info()`) | 1 | 300 | 100 | 3.00 | 1,000 / 1,000 | 10.00 | 250 | 2.50 | met |"), withFloor);
        assertTrue(withFloor.contains("| lookup by name (`lookupByName`) | 2 | 150 | 100 | 1.50 | 8,000 / 1,000 | 2.50 | 150 | 1.50 "
            + "| **behind target**, floor 1.50: unreachable |"), withFloor);
    }

    /**
     * Scenario 7 at smoke size: libvirt's remote driver (python-libvirt) and driver-remote against one
     * libvirtd, the calls counted, and the fleet listing over 2 libvirtd (CI installs both: never skipped there).
     */
    @Test
    void remoteClientScenarioRunsBothClientsAndTheFleet() throws Exception {
        Prerequisite.require(RemoteClientScenario.unavailable() == null, String.valueOf(RemoteClientScenario.unavailable()));
        RemoteClientScenario.Size size = RemoteClientScenario.Size.SMOKE;
        RemoteClientScenario.Figures f = RemoteClientScenario.run(size);
        for (RemoteClientScenario.Side side : List.of(f.jvirt(), f.libvirt())) {
            assertEquals(null, side.missing());
            assertEquals(RemoteClientScenario.OPS, List.copyOf(side.single().keySet()));
            assertEquals(RemoteClientScenario.OPS, List.copyOf(side.concurrent().keySet()));
            side.single().forEach((op, v) -> assertTrue(v > 0, op + " measured something"));
            side.concurrent().forEach((op, v) -> assertTrue(v > 0, op + " measured something with " + size.concurrent() + " clients"));
        }
        // the same calls per operation as libvirt's client (the listing: one call, then a state call per domain)
        assertEquals(f.libvirt().callsPerOp(), f.jvirt().callsPerOp());
        assertEquals(1.0 + size.domains() + 1, f.jvirt().callsPerOp().get("list"), f.jvirt().callsPerOp().toString());
        assertEquals(null, f.fleet().missing());
        assertEquals(size.reps(), f.fleet().allMs().size());
        assertEquals(size.hosts() * size.hostDomains(), f.fleet().rows());
        // the same hosts through the relays, and the CPU of every listing (the daemons' and the client's ran)
        assertEquals(null, f.relayed().missing());
        assertEquals(size.reps(), f.relayed().allMs().size());
        for (RemoteClientScenario.Fleet fl : List.of(f.fleet(), f.relayed())) {
            assertTrue(fl.cpu().measured(), "schedstat: the CI's kernel has it");
            assertEquals(size.reps(), fl.cpu().allDaemons().size());
            fl.cpu().allDaemons().forEach(v -> assertTrue(v > 0, "the daemons listed: " + fl.cpu()));
            fl.cpu().allClient().forEach(v -> assertTrue(v > 0, "the client decoded: " + fl.cpu()));
            fl.cpu().aloneClient().forEach(v -> assertTrue(v > 0, "the client decoded: " + fl.cpu()));
            fl.cpu().allJvm().forEach(v -> assertTrue(v >= 0, "the JVM's own threads: " + fl.cpu()));
        }
        f.fleet().cpu().allRelays().forEach(v -> assertEquals(0.0, v, "no relay on the direct listing"));
        f.relayed().cpu().allRelays().forEach(v -> assertTrue(v > 0, "the relays forwarded: " + f.relayed().cpu()));
        // through relays a host alone takes a round trip's delay at least (its four listings go side by side)
        f.relayed().slowestMs().forEach(v -> assertTrue(v >= 2 * RemoteClientScenario.RELAY_DELAY.toMillis(), v + " ms"));
        String table = RemoteClientScenario.table(f, size);
        assertTrue(table.contains("| dumpxml | 2 |") && table.contains("all at once / slowest alone"), table);
        assertTrue(table.contains("| fleet through relays: 1 ms each way"), table);
    }

    @Test
    void remoteClientRowsAreJudgedAgainstLibvirtAndTheFleetByItsMedian() {
        var size = RemoteClientScenario.Size.SMOKE;
        Map<String, Double> j = new java.util.LinkedHashMap<>();
        Map<String, Double> l = new java.util.LinkedHashMap<>();
        for (String op : RemoteClientScenario.OPS) {
            j.put(op, 100.0);
            l.put(op, 100.0);
        }
        j.put("open", 90.0);
        var fleet = new RemoteClientScenario.Fleet(List.of(30.0, 12.0), List.of(10.0, 10.0), List.of(50.0, 50.0),
            RemoteClientScenario.Cpu.NONE, 10, null);
        // through relays: within the target; its CPU (daemons, client, its JVM, relays) 16 + 3 + 1 + 2 ms over the cores
        var cpu = new RemoteClientScenario.Cpu(List.of(16.0, 16.0), List.of(3.0, 3.0), List.of(1.0, 1.0), List.of(2.0, 2.0),
            List.of(12.0, 12.0), List.of(1.5, 1.5), List.of(0.0, 0.0), List.of(2.0, 2.0));
        var relayed = new RemoteClientScenario.Fleet(List.of(14.0, 16.0), List.of(11.0, 10.0), List.of(100.0, 100.0), cpu, 10, null);
        String table = RemoteClientScenario.table(new RemoteClientScenario.Figures(
            new RemoteClientScenario.Side(j, j, Map.of("open", 6.0), null),
            new RemoteClientScenario.Side(l, l, Map.of("open", 6.0), null), fleet, relayed), size);
        assertTrue(table.contains("| open + close | 1 | 90 | 100 | 0.90 | **behind target** | 6 / 6 |"), table);
        assertTrue(table.contains("| domain info | 2 | 100 | 100 | 1.00 | met | - |"), table);
        assertTrue(table.contains("| all at once / slowest alone (target <= 1.5x) | 2.10: **behind target** | 3.00, 1.20 |"), table);
        int cores = RemoteClientScenario.CORES;
        double floor = 22.0 / cores;
        assertTrue(table.contains(String.format(java.util.Locale.ROOT, "| CPU floor on %d cores: that CPU / %d (ms) | %.1f |", cores, cores,
            floor)), table);
        assertTrue(table.contains("| all at once / slowest alone (target <= 1.5x) | 1.44: met | 1.27, 1.60 |"), table);
        assertTrue(table.contains(String.format(java.util.Locale.ROOT, "(a real fleet's, the daemons and the network elsewhere) | %.2f | %.2f, %.2f |",
            (4.0 / cores / 11 + 4.0 / cores / 10) / 2, 4.0 / cores / 11, 4.0 / cores / 10)), table);
        assertTrue(table.contains("| the client's CPU (jvirt's threads), all at once / the hosts alone one after the other | 2.00 | 2.00, 2.00 |"), table);
        // a floor above the target: the verdict says the machine cannot meet it
        var bound = new RemoteClientScenario.Fleet(List.of(30.0, 30.0), List.of(2.0, 2.0), List.of(20.0, 20.0), cpu, 10, null);
        String unreachable = RemoteClientScenario.table(new RemoteClientScenario.Figures(
            new RemoteClientScenario.Side(j, j, Map.of(), null), new RemoteClientScenario.Side(l, l, Map.of(), null), bound, bound), size);
        assertTrue(unreachable.contains(String.format(java.util.Locale.ROOT,
            "15.00: **behind target, unreachable by CPU on this machine** (the CPU floor alone is %.2fx)", floor / 2)), unreachable);
        String doc = RemoteClientScenario.withSection("# t\n\n| 6 | six | measured below |\n\n## 6. Six\n\nT6\n\n## Reproduce\n\nsh\n",
            "## 7. Seven\n\nT7\n\n");
        assertTrue(doc.contains("| 6 | six | measured below |\n" + RemoteClientScenario.INDEX_ROW), doc);
        assertTrue(doc.contains("T6\n\n## 7. Seven\n\nT7\n\n## Reproduce"), doc);
    }

    @Test
    void oneSectionIsReplacedInPlace() {
        String doc = "# t\n\n| 5 | five | measured below |\n\n## 5. Five\n\nold five\n\n## Reproduce\n\nsh\n";
        String first = Document.withSection(doc, 6, "## 6. Six\n\nT6\n\n");
        assertEquals("# t\n\n| 5 | five | measured below |\n" + Document.RPC_INDEX_ROW
            + "\n## 5. Five\n\nold five\n\n## 6. Six\n\nT6\n\n## Reproduce\n\nsh\n", first);
        String again = Document.withSection(first, 6, "## 6. Six\n\nT6b\n\n");
        assertEquals(first.replace("T6\n", "T6b\n"), again);
    }
}
