package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.testing.Prerequisite;

/** The generated launcher, read as text: what must and must not be in it, whatever the definition says. */
class LauncherScriptTest {

    private static DomainDef def(String extra) {
        return DomainXml.parse("<domain type='lxc'><name>c1</name><uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>"
            + "<memory>1024</memory><os><type>exe</type><init>/bin/sh</init>"
            + "<initenv name='LD_PRELOAD'>/x.so'; touch /pwned; '</initenv></os>" + extra
            + "<devices><filesystem type='mount'><source dir='/srv/c1'/><target dir='/'/></filesystem>"
            + "<filesystem type='mount'><source dir='/srv/data'/><target dir='/data'/></filesystem></devices></domain>",
            false, LxcDomainRules.INSTANCE);
    }

    private static String build(DomainDef def, LauncherScript.Console console) {
        HostTools t = HostTools.detect();
        Prerequisite.require(t.problem() == null, "needs the host tools: " + t.problem());
        return LauncherScript.build(new LauncherScript.Plan(def, Path.of("/srv/c1"), Path.of("/run/c1.root"),
            Path.of("/run/c1.start"), List.of(Path.of("/cg/c1/cgroup.procs")), Path.of("/run/bin"), console,
            Path.of("/run/c1.out"), Path.of("/log/c1.log"), 65536, LxcCapabilities.of(def).setprivOptions()), t);
    }

    @Test
    void initenvIsExportedOnlyRightBeforeInitAndQuoted() {
        String s = build(def(""), null);
        int export = s.indexOf("export LD_PRELOAD=");
        assertTrue(export > s.indexOf("echo exec >&8"), "initenv set before the launcher's last host program:\n" + s);
        assertTrue(s.contains("export LD_PRELOAD='/x.so'\\''; touch /pwned; '\\'''\n"), s);
        assertEquals(1, s.split("LD_PRELOAD", -1).length - 1, "initenv appears once, for init only:\n" + s);
    }

    @Test
    void everyFilesystemButDevIsNodevAndCapabilitiesAreDroppedBeforeTheContainerRuns() {
        String s = build(def(""), null);
        assertTrue(s.contains(" -o remount,bind,nodev \"$R\" "), s);
        assertTrue(s.contains(" -o remount,bind,nodev \"$R\"'/data' "), s);
        assertTrue(s.matches("(?s).*--propagation private -- '[^']*setpriv' '--bounding-set' "
            + "'-audit_control,-mac_admin,-mknod,-sys_module,-sys_time' '--inh-caps' "
            + "'-audit_control,-mac_admin,-mknod,-sys_module,-sys_time' -- '[^']*sh' /proc/self/fd/9 inner\n.*"), s);
        assertTrue(s.contains("--bind \"$R/proc/sys\" \"$R/proc/sys\""), s);
        assertTrue(s.contains("-o remount,bind,ro,nosuid,nodev,noexec \"$R/proc/sys\""), s);
        assertTrue(s.contains("\"$R/proc/sysrq-trigger\""), s);
    }

    @Test
    void theRelayAndTheConsoleAreSetUpOutsideTheContainer() {
        String none = build(def(""), null);
        assertTrue(none.contains(LauncherScript.q(LauncherScript.LOG_FILTER)), none);
        assertTrue(none.indexOf("split'") < none.indexOf("--propagation private"), none);
        String file = build(def(""), new LauncherScript.Console("file", "/var/log/c1.out", false));
        assertTrue(file.contains(LauncherScript.q(LauncherScript.FD_FILTER)), file);
        assertFalse(file.contains("/var/log/c1.out"), "the launcher never opens a file console by its path:\n" + file);
    }

    @Test
    void theHostNameIsLibvirts() {
        assertEquals("web1", LauncherScript.hostname("web_1"));
        assertEquals("a-b", LauncherScript.hostname("-a-b"));
        assertEquals("hijklm", LauncherScript.hostname("h'i\"j (k) [l] {m}"));
    }
}
