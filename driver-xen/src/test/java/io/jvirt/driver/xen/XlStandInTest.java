package io.jvirt.driver.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in xl answers as xl 4.17 does: its table, its JSON, its words and exit statuses. */
class XlStandInTest {

    @TempDir
    Path tmp;
    XlStandIn xl;

    record Out(int status, String stdout, String stderr) {
    }

    @BeforeEach
    void setUp() throws IOException {
        xl = XlStandIn.create(tmp);
    }

    Out xl(String... args) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(xl.xl().toString());
        argv.addAll(List.of(args));
        Path o = tmp.resolve("o");
        Path e = tmp.resolve("e");
        Process p = new ProcessBuilder(argv).redirectOutput(o.toFile()).redirectError(e.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the stand-in answers");
        return new Out(p.exitValue(), Files.readString(o, StandardCharsets.UTF_8), Files.readString(e, StandardCharsets.UTF_8));
    }

    Path cfg(String name, String text) throws IOException {
        Path f = tmp.resolve(name + ".cfg");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void createThenListShowsXlsTableWithDomain0First() throws Exception {
        Path f = cfg("a", "# guest\nname = \"guest-a\"\nuuid = '9f3d1c1e-7c4b-4a0e-9c56-0a8f1b2c3d4e'\ntype = \"pvh\"\n"
            + "memory = 64\nmaxmem = 128; vcpus = 2\ndisk = [ 'format=raw, vdev=xvda, target=/x.img',\n ]\n");
        Out c = xl("create", f.toString());
        assertEquals(0, c.status(), c.stderr());
        assertEquals("Parsing config from " + f + "\n", c.stderr());
        Out l = xl("list");
        assertEquals(0, l.status());
        assertEquals("Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
            + "Domain-0                                     0  2048     2     r-----     123.4\n"
            + "guest-a                                      1    64     2     -b----       0.0\n", l.stdout());
        assertEquals("1\n", xl("domid", "guest-a").stdout());
        assertEquals("guest-a\n", xl("domname", "1").stdout());
        Out j = xl("list", "-l");
        assertTrue(j.stdout().startsWith("[\n    {\n        \"domid\": 1,"), j.stdout());
        assertTrue(j.stdout().contains("\"uuid\": \"9f3d1c1e-7c4b-4a0e-9c56-0a8f1b2c3d4e\""), j.stdout());
        assertTrue(j.stdout().contains("\"max_memkb\": 131072"), j.stdout());
        assertTrue(j.stdout().contains("\"target_memkb\": 65536"), j.stdout());
        assertTrue(!j.stdout().contains("Domain-0"), "no xl userdata for Domain-0");
    }

    @Test
    void absentDomainsGetXlsWordsAndExit1() throws Exception {
        Out a = xl("domid", "nope");
        assertEquals(1, a.status());
        assertEquals("Can't get domid of domain name 'nope', maybe this domain does not exist.\n", a.stderr());
        assertEquals("", a.stdout());
        Out b = xl("domname", "7");
        assertEquals(1, b.status());
        assertEquals("Can't get domain name of domain id '7', maybe this domain does not exist.\n", b.stderr());
        Out c = xl("destroy", "nope");
        assertEquals(1, c.status());
        assertEquals("nope is an invalid domain identifier (rc=-6)\n", c.stderr());
        Out d = xl("pause", "42");
        assertEquals(0, d.status(), "xl 4.17's pause ignores libxl's failure");
        assertTrue(d.stderr().contains("Domain 42:Non-existent domain"), d.stderr());
        assertEquals(1, xl("destroy", "0").status());
    }

    @Test
    void aCfgXlWouldRefuseIsRefused() throws Exception {
        Out noName = xl("create", cfg("n", "memory = 64\n").toString());
        assertEquals(1, noName.status());
        assertTrue(noName.stderr().endsWith("Domain name must be specified.\n"), noName.stderr());
        Path bad = cfg("b", "name = \"x\"\nmemory = = 64\n");
        Out syntax = xl("create", bad.toString());
        assertEquals(1, syntax.status());
        assertTrue(syntax.stderr().contains(bad + ":2: config parsing error near `=': syntax error\n"
            + "Failed to parse config: Invalid argument\n"), syntax.stderr());
        Path ok = cfg("d", "name = \"dup\"\n");
        assertEquals(0, xl("create", ok.toString()).status());
        Out dup = xl("create", ok.toString());
        assertEquals(1, dup.status());
        assertTrue(dup.stderr().contains("domain with name \"dup\" already exists."), dup.stderr());
        assertEquals(1, xl("create", tmp.resolve("missing.cfg").toString()).status());
        assertEquals(2, xl("create", "-z", ok.toString()).status(), "unknown options are refused");
    }

    @Test
    void lifecycleCommandsChangeTheStateLetters() throws Exception {
        assertEquals(0, xl("create", "-p", cfg("h", "name='h'\ntype='hvm'\nmemory=32\n").toString()).status());
        assertEquals("--p---", xl.domain("h").state);
        assertEquals(0, xl("unpause", "1").status());
        assertEquals("-b----", xl.domain("h").state);
        assertEquals(0, xl("pause", "h").status());
        assertEquals("--p---", xl.domain("h").state);
        Out noPv = xl("shutdown", "1");
        assertEquals(1, noPv.status(), "an HVM guest without PV drivers needs -F");
        assertTrue(noPv.stderr().contains("Use \"-F\" to fallback to ACPI power event."), noPv.stderr());
        assertEquals(0, xl("shutdown", "-F", "1").status());
        assertEquals("---s--", xl.domain("h").state);
        assertEquals(0, xl("reboot", "-F", "h").status());
        assertEquals(2, xl.domain("h").id, "restarted by xl's daemon: a new domid");
        assertEquals(0, xl("destroy", "2").status());
        assertNull(xl.domain("h"));
        Out info = xl("info");
        assertTrue(info.stdout().contains("\nnr_cpus                : 4\n"), info.stdout());
        assertTrue(info.stdout().contains("\nxen_version            : 4.17.2\n"), info.stdout());
    }
}
