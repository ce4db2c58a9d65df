package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import io.jvirt.api.testing.BoundedProcess;

/**
 * The ESX driver in the running distribution against VMware's simulator in ESX mode, as a user
 * scripts it: the credentials in a libvirt auth file named by {@code LIBVIRT_AUTH_FILE} in the
 * container's environment, {@code virt:connect esx://127.0.0.1:PORT/?transport=http&no_verify=1} (plain
 * HTTP allowed for that server in {@code etc/io.jvirt.driver.esx.cfg}, as an administrator must),
 * then {@code list --all}, {@code destroy}, {@code start} and {@code dominfo}. Every answer is
 * checked against an independent vSphere client (govmomi's client library,
 * src/test/vsphere-client), never against jvirt's own SOAP code.
 *
 * <p>The simulator and the container are ended by their pids at the end.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class EsxDistributionIT {

    /** A VM as the independent client reports it. */
    record Vm(String name, String powerState, UUID uuid, long memoryMB, int cpus, String moref) {
        /** libvirt's id rule: the number in the managed object id ("vm-9" on vcsim, "9" on ESX). */
        String id() {
            return moref.replaceAll("^.*?(\\d+)$", "$1");
        }
    }

    private static final String USER = "jvirt-admin";
    /** Random, so that finding it in any output or log is a leak, not a coincidence. */
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    private static Process vcsim;
    private static String sdkUrl;
    private static Path client;
    private static String uri;
    private static KarafProcess karaf;

    @BeforeClass
    public static void startSimulatorAndDistribution() throws Exception {
        Path vcsimBin = GoProgram.build(Path.of(System.getProperty("jvirt.vcsim.src", "../driver-esx/src/test/vcsim"))
            .toAbsolutePath(), "vcsim");
        client = GoProgram.build(Path.of("src/test/vsphere-client").toAbsolutePath(), "vsphere-client");
        startVcsim(vcsimBin);
        int port = java.net.URI.create(sdkUrl).getPort();
        uri = "esx://127.0.0.1:" + port + "/?transport=http&no_verify=1";

        karaf = KarafProcess.unpack("esx-it");
        // the administrator's allowance: the simulator speaks plain HTTP, which the ESX driver refuses for any
        // server not listed (localhost too, so that d_ reaches the credential check for a host without a group)
        Files.writeString(karaf.home.resolve("etc/io.jvirt.driver.esx.cfg"),
            "plain.http.hosts = 127.0.0.1:%d, localhost:%d%n".formatted(port, port));
        Path auth = karaf.home.resolve("auth.conf");
        Files.writeString(auth, """
            [credentials-vcsim]
            username=%s
            password=%s

            [auth-esx-127.0.0.1]
            credentials=vcsim
            """.formatted(USER, PASSWORD));
        karaf.start(Map.of("LIBVIRT_AUTH_FILE", auth.toString()));
    }

    /** main.go -mode esx (simulator.ESX()) on a free loopback port, accepting only USER/PASSWORD. */
    private static void startVcsim(Path bin) throws Exception {
        Path log = Path.of("target", "esx-it-vcsim.log").toAbsolutePath();
        vcsim = new ProcessBuilder(bin.toString(), "-mode", "esx", "-l", "127.0.0.1:0", "-user", USER, "-pass", PASSWORD)
            .redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(vcsim.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("URL ")) {
            fail("vcsim did not start: " + line + "; " + Files.readString(log));
        }
        sdkUrl = line.substring(4).strip();
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        try {
            if (karaf != null) {
                karaf.close();
            }
        } finally {
            if (vcsim != null) {
                // main.go exits when its stdin closes, and only then removes its temporary datastore
                // directories (/tmp/govcsim-*), which a SIGTERM right away would leave behind
                BoundedProcess.endByClosingInput(vcsim, Duration.ofSeconds(10));
            }
        }
    }

    @Test
    public void a_connectTakesTheCredentialsFromTheAuthFile() throws Exception {
        KarafProcess.Result r = karaf.virt("connect", uri);
        assertEquals(r.out(), 0, r.rc());
        assertEquals("", r.out().strip());
        KarafProcess.Result u = session("virt:uri");
        assertEquals(uri, u.out().strip());
    }

    @Test
    public void b_listAllShowsWhatTheIndependentClientSees() throws Exception {
        Map<String, Vm> truth = independent();
        assertEquals(truth.toString(), 2, truth.size());
        Map<String, String[]> rows = listAll();
        assertEquals(truth.keySet(), rows.keySet());
        for (Vm vm : truth.values()) {
            String[] row = rows.get(vm.name());
            assertEquals(vm.toString(), "poweredOn".equals(vm.powerState()) ? vm.id() : "-", row[0]);
            assertEquals(vm.toString(), label(vm.powerState()), row[1]);
        }
    }

    @Test
    public void c_destroyAndStartChangeWhatTheIndependentClientSees() throws Exception {
        Vm vm = independent().values().iterator().next();
        assertEquals("poweredOn", vm.powerState());
        assertDominfoAgrees(vm);

        ok(session("virt:destroy " + vm.name()));
        Vm off = independent().get(vm.name());
        assertEquals("poweredOff", off.powerState());
        String[] row = listAll().get(vm.name());
        assertEquals("-", row[0]);
        assertEquals("shut off", row[1]);
        assertDominfoAgrees(off);

        ok(session("virt:start " + vm.name()));
        Vm on = independent().get(vm.name());
        assertEquals("poweredOn", on.powerState());
        assertEquals(on.id(), listAll().get(vm.name())[0]);
        assertDominfoAgrees(on);

        // what the other VM never went through stays as it was
        for (Vm other : independent().values()) {
            assertEquals(other.name(), "poweredOn", other.powerState());
        }
    }

    @Test
    public void d_thePasswordIsNeverShownOrLogged() throws Exception {
        assertFalse(session("virt:dominfo " + independent().keySet().iterator().next()).out().contains(PASSWORD));
        Path log = karaf.home.resolve("data/log/karaf.log");
        assertTrue("karaf.log " + log, Files.isRegularFile(log));
        String text = Files.readString(log);
        assertTrue("the driver logged its connection", text.contains("connected to http://127.0.0.1:"));
        assertFalse("the password is in karaf.log", text.contains(PASSWORD));
        // a connection without credentials for the host is a clear authentication error
        KarafProcess.Result r = karaf.virt("connect", uri.replace("127.0.0.1", "localhost"));
        assertTrue(r.out(), r.rc() != 0);
        assertTrue(r.out(), r.out().contains("error: Failed to connect to the hypervisor"));
        assertTrue(r.out(), r.out().contains("authentication failed"));
        assertFalse(r.out(), r.out().contains(PASSWORD));
        // plain HTTP to a server the administrator did not list: refused before anything is sent
        int port = java.net.URI.create(sdkUrl).getPort();
        String otherPort = uri.replace(":" + port + "/", ":" + (port == 65535 ? 1 : port + 1) + "/");
        KarafProcess.Result denied = karaf.virt("connect", otherPort);
        assertTrue(denied.out(), denied.rc() != 0);
        assertTrue(denied.out(), denied.out().contains("operation forbidden") && denied.out().contains("plain.http.hosts"));
        // a password typed into the URI is never shown back
        KarafProcess.Result typed = session("virt:connect \"" + uri.replace("esx://", "esx://" + USER + ":typed-secret@")
            + "\"; virt:uri");
        assertFalse(typed.out(), typed.out().contains("typed-secret"));
        assertEquals(uri.replace("esx://", "esx://" + USER + "@"), typed.out().strip());
    }

    private static void assertDominfoAgrees(Vm vm) throws Exception {
        Map<String, String> info = dominfo(vm.name());
        boolean on = "poweredOn".equals(vm.powerState());
        assertEquals(on ? vm.id() : "-", info.get("Id"));
        assertEquals(vm.name(), info.get("Name"));
        assertEquals(vm.uuid().toString(), info.get("UUID"));
        assertEquals(label(vm.powerState()), info.get("State"));
        assertEquals(Integer.toString(vm.cpus()), info.get("CPU(s)"));
        assertEquals(vm.memoryMB() * 1024 + " KiB", info.get("Max memory"));
        assertEquals("yes", info.get("Persistent"));
    }

    private static String label(String powerState) {
        return switch (powerState) {
            case "poweredOn" -> "running";
            case "poweredOff" -> "shut off";
            case "suspended" -> "paused";
            default -> "no state";
        };
    }

    /** virt:connect to the simulator, then {@code command}, in one console session (as a user types them). */
    private static KarafProcess.Result session(String command) throws Exception {
        return karaf.client("virt:connect \"" + uri + "\"; " + command);
    }

    /** virt:list --all as name to {id, state}. */
    private static Map<String, String[]> listAll() throws Exception {
        String out = ok(session("virt:list --all"));
        Map<String, String[]> rows = new TreeMap<>();
        List<String> lines = out.lines().toList();
        assertTrue(out, lines.size() >= 2 && lines.get(1).startsWith("---"));
        for (String line : lines.subList(2, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] t = line.trim().split("\\s+", 3);
            rows.put(t[1], new String[] {t[0], t[2].trim()});
        }
        return rows;
    }

    private static Map<String, String> dominfo(String name) throws Exception {
        Map<String, String> info = new LinkedHashMap<>();
        for (String line : ok(session("virt:dominfo " + name)).lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                info.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return info;
    }

    /** The simulator's VMs as govmomi's client sees them. */
    private static Map<String, Vm> independent() throws Exception {
        String withUser = sdkUrl.replaceFirst("^http://", "http://" + USER + ":" + PASSWORD + "@");
        KarafProcess.Result r = KarafProcess.run(Path.of("."), List.of(client.toString(), "-u", withUser), Map.of());
        assertEquals(r.out().replace(PASSWORD, "***"), 0, r.rc());
        Map<String, Vm> vms = new TreeMap<>();
        for (String line : r.out().lines().toList()) {
            String[] f = line.split("\t");
            assertEquals(line, 6, f.length);
            vms.put(f[0], new Vm(f[0], f[1], UUID.fromString(f[2]), Long.parseLong(f[3]), Integer.parseInt(f[4]), f[5]));
        }
        return vms;
    }

    private static String ok(KarafProcess.Result r) {
        assertEquals(r.out(), 0, r.rc());
        return r.out();
    }
}
