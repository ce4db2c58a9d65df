package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.jvirt.api.testing.Poll;

/**
 * The shipped distribution attacked as its viewer would: logged in over ssh with the viewer's own
 * password, trying every way from the console to the host (jvirt runs as root). Each attempt must be
 * refused and leave no trace; the administrator keeps every right.
 */
public class SecurityIT {

    private static final String VIEWER_PASSWORD = "v-" + UUID.randomUUID();
    /** A file the viewer must never see a byte of (the attack in the issue used /etc/shadow). */
    private static final String SECRET = "root:$6$SECRET-" + UUID.randomUUID() + ":19000:0:99999:7:::";

    private static KarafProcess karaf;
    private static Path secret;
    private static Path target;

    @BeforeClass
    public static void startDistribution() throws Exception {
        karaf = KarafProcess.unpack("security-it");
        karaf.setUser("viewer", "viewer", VIEWER_PASSWORD);
        target = karaf.home.getParent().resolve("attack");
        Files.createDirectories(target);
        secret = target.resolve("shadow");
        Files.writeString(secret, SECRET + "\n");
        karaf.start(Map.of());
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    private static KarafProcess.Result asViewer(String script) throws Exception {
        return karaf.ssh("viewer", VIEWER_PASSWORD, script);
    }

    private static void refused(KarafProcess.Result r, String what) {
        assertNotEquals(what + " must fail: " + r.out(), 0, r.rc());
        assertFalse(what + " showed the secret: " + r.out(), r.out().contains("SECRET-"));
    }

    // ---------- users and passwords ----------

    @Test
    public void noUserOrPasswordIsShippedAndPasswordsAreHashedInARootOnlyFile() throws Exception {
        Path users = karaf.home.resolve("etc/users.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(karaf.home.resolve("etc/keys.properties"))));
        String text = Files.readString(users);
        assertFalse("clear-text password", text.contains(VIEWER_PASSWORD));
        assertTrue(text, text.contains("viewer = {CRYPT}$2a$10$"));
        assertFalse("no admin user is shipped", text.lines().anyMatch(l -> l.startsWith("karaf")));
        // the old defaults and the obvious guesses do not log in
        assertFalse(ConsoleSsh.canLogIn(karaf.sshPort(), "karaf", "karaf"));
        assertFalse(ConsoleSsh.canLogIn(karaf.sshPort(), "viewer", "viewer"));
        assertFalse(ConsoleSsh.canLogIn(karaf.sshPort(), "admin", "admin"));
        assertTrue(ConsoleSsh.canLogIn(karaf.sshPort(), "viewer", VIEWER_PASSWORD));
    }

    // ---------- Karaf's own console ----------

    @Test
    public void viewerCannotWriteAFileWithRedirection() throws Exception {
        Path pwned = target.resolve("pwned");
        refused(asViewer("echo pwned > " + pwned), "redirection");
        refused(asViewer("echo pwned >> " + pwned), "appending redirection");
        refused(asViewer("virt:list > " + pwned), "a viewer command's redirection");
        assertFalse("the viewer wrote a file on the host", Files.exists(pwned));
    }

    @Test
    public void viewerCannotReadHostFilesWithKarafsCommands() throws Exception {
        for (String read : List.of("cat " + secret, "head " + secret, "tail " + secret, "less " + secret,
            "grep SECRET " + secret, "sort " + secret, "wc " + secret, "source " + secret, "ls " + target,
            "cat < " + secret, "tac < " + secret)) {
            refused(asViewer(read), read);
        }
    }

    @Test
    public void viewerCannotCallJavaOrRunPrograms() throws Exception {
        Path made = target.resolve("made-by-new");
        for (String run : List.of("(new java.io.File " + made + ") createNewFile", "$session put x y",
            "exec touch " + made, "shell:exec touch " + made, "java java.lang.System", "new java.io.File " + made,
            "nano " + secret, "edit " + secret)) {
            refused(asViewer(run), run);
        }
        assertFalse(Files.exists(made));
    }

    @Test
    public void viewerCannotRunKarafsAdministrationCommands() throws Exception {
        for (String admin : List.of("bundle:list", "bundle:stop io.jvirt.driver-test", "bundle:install file:/tmp/x.jar",
            "feature:list", "feature:install webconsole", "feature:uninstall jvirt-driver-test", "feature:repo-add file:/tmp/f.xml",
            "system:shutdown -f", "system:property karaf.x y", "config:list", "config:edit io.jvirt.core",
            "config:property-set -p io.jvirt.core default.uri qemu:///system", "jaas:realm-list", "jaas:realm-manage --realm karaf",
            "log:display", "log:set DEBUG", "kar:install file:/tmp/x.kar", "scr:list", "service:list", "package:exports",
            "instance:list", "shell:threads", "shell:info")) {
            refused(asViewer(admin), admin);
        }
        // nothing changed: the container, its drivers and its configuration are as they were
        assertEquals(" Id   Name   State\n----------------------\n 1    test   running\n", karaf.virt("list", "--all").out());
        String bundles = karaf.client("bundle:list -s -t 0 io.jvirt.driver-test").out();
        assertTrue(bundles, bundles.contains("Active"));
        assertEquals("test:///default\n", karaf.virt("uri").out());
    }

    // ---------- jvirt's console ----------

    @Test
    public void viewerConnectionsAreReadOnlyWhateverTheOptions() throws Exception {
        for (String connect : List.of("virt:connect --readonly=false test:///default", "virt:connect test:///default",
            "virt:connect '--readonly=false' test:///default")) {
            KarafProcess.Result r = asViewer(connect + " ; virt:dumpxml --security-info test");
            refused(r, connect);
            assertTrue(r.out(), r.out().contains("error: operation forbidden: virDomainGetXMLDesc with secure flag"));
        }
        // the default connection too
        KarafProcess.Result r = asViewer("virt:dumpxml --security-info test");
        assertTrue(r.out(), r.out().contains("error: operation forbidden: virDomainGetXMLDesc with secure flag"));
    }

    @Test
    public void viewerCannotReadAFileThroughAnErrorMessage() throws Exception {
        // the attack of the issue: a read-write LXC connection, then a native-config conversion of a secret file
        KarafProcess.Result r = asViewer("virt:connect --readonly=false lxc:/// ; virt:domxml-from-native lxc-tools " + secret);
        refused(r, "domxml-from-native lxc-tools");
        assertTrue(r.out(), r.out().contains("error: operation forbidden: cannot read '" + secret + "'"));
        for (String read : List.of("virt:domxml-from-native qemu-argv " + secret, "virt:domxml-from-native vmware-vmx " + secret,
            "virt:domxml-to-native qemu-argv " + secret, "virt:domxml-to-native --xml " + secret + " qemu-argv",
            "virt:connect test://" + secret, "virt:connect --readonly test://" + secret,
            "virt:domxml-from-native lxc-tools /etc/shadow", "virt:connect test:///etc/shadow")) {
            refused(asViewer(read), read);
        }
    }

    @Test
    public void viewerCannotChangeAnything() throws Exception {
        Path xml = target.resolve("dom.xml");
        Files.writeString(xml, "<domain type='test'><name>intruder</name><memory>65536</memory></domain>");
        for (String change : List.of("virt:destroy test", "virt:shutdown test", "virt:reboot test", "virt:reset test",
            "virt:suspend test", "virt:resume test", "virt:managedsave test", "virt:managedsave-remove test", "virt:undefine test", "virt:start test", "virt:autostart test",
            "virt:setmem test 1024", "virt:setmaxmem test 1024", "virt:setvcpus test 1", "virt:define " + xml,
            "virt:create " + xml, "virt:attach-device test " + xml, "virt:detach-device test " + xml,
            "virt:connect --readonly=false test:///default ; virt:destroy test")) {
            refused(asViewer(change), change);
        }
        assertEquals(" Id   Name   State\n----------------------\n 1    test   running\n", karaf.virt("list", "--all").out());
        // what a viewer may do, it can
        KarafProcess.Result list = karaf.virtAs("viewer", VIEWER_PASSWORD, "list", "--all");
        assertEquals(list.out(), 0, list.rc());
        assertEquals(" Id   Name   State\n----------------------\n 1    test   running\n", list.out());
    }

    @Test
    public void theAdministratorKeepsEveryRight() throws Exception {
        KarafProcess.Result r = karaf.virt("-c", "test:///default", "dumpxml", "--security-info", "test");
        assertEquals(r.out(), 0, r.rc());
        assertTrue(r.out(), r.out().contains("<name>test</name>"));
        KarafProcess.Result file = karaf.virt("domxml-from-native", "lxc-tools", secret.toString());
        // read (an admin may name any file) but never quoted back
        assertNotEquals(file.out(), 0, file.rc());
        assertFalse(file.out(), file.out().contains("SECRET-"));
    }

    // ---------- bin/virt ----------

    @Test
    public void binVirtPassesArgumentsAsData() throws Exception {
        Path made = target.resolve("made-by-argument");
        for (String arg : List.of("$(shell:exec touch " + made + ")", "${karaf.home}", "x ; shell:exec touch " + made,
            "x' ; shell:exec touch " + made + " ; echo '", "x | shell:exec touch " + made, "x > " + made)) {
            KarafProcess.Result r = karaf.virt("dominfo", arg);
            assertEquals(r.out(), 1, r.rc());
            assertEquals("error: failed to get domain '" + arg + "'\n", r.out());
        }
        KarafProcess.Result c = karaf.virt("-c", "x' ; shell:exec touch " + made + " ; echo '", "uri");
        assertNotEquals(c.out(), 0, c.rc());
        KarafProcess.Result name = karaf.virt("list;shell:exec", "touch", made.toString());
        assertEquals(name.out(), 2, name.rc());
        assertFalse("an argument ran as console script", Files.exists(made));
        KarafProcess.Result picked = karaf.virt("-c", "test:///default", "domstate", "test");
        assertEquals(picked.out(), "running\n", picked.out());
    }

    @Test
    public void binVirtNeverHasThePasswordInAnyProcesssArguments() throws Exception {
        String password = VIEWER_PASSWORD;
        ProcessBuilder pb = new ProcessBuilder("bin/virt", "event", "--all", "--timeout", "4").directory(karaf.home.toFile())
            .redirectErrorStream(true);
        pb.environment().putAll(Map.of("JVIRT_PORT", Integer.toString(karaf.sshPort()), "JVIRT_USER", "viewer",
            "JVIRT_PASSWORD", password));
        Process p = pb.start();
        List<String> seen = new ArrayList<>();
        AtomicBoolean sawClient = new AtomicBoolean();
        try {
            // every process's arguments, again and again while bin/virt runs
            Poll.until("bin/virt to end", Duration.ofSeconds(60), () -> {
                for (ProcessHandle h : ProcessHandle.allProcesses().toList()) {
                    String cmdline = cmdline(h.pid());
                    if (cmdline.contains("io.jvirt.shell.client.VirtClient")) {
                        sawClient.set(true);
                    }
                    if (cmdline.contains(password)) {
                        seen.add(cmdline);
                    }
                }
                return !p.isAlive();
            });
        } finally {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // virsh's words when no event came before the timeout: the viewer logged in and ran the command
        assertEquals("event loop timed out\nevents received: 0", out.strip());
        assertTrue("the scan saw bin/virt's client running", sawClient.get());
        assertEquals("processes with the password in their arguments", List.of(), seen);
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                .replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }
}
