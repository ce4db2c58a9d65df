package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.jvirt.api.ErrorDomain;
import io.jvirt.core.kit.HostCommand;

/** Real virsh, and the comparison of its output on jvirt over the wire with its output on libvirt's own test driver. */
final class LibvirtVirsh {

    private LibvirtVirsh() {
    }

    static HostCommand.Result run(Path home, String uri, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/virsh", "-c", uri));
        argv.addAll(List.of(args));
        Files.createDirectories(home);
        return HostCommand.run(argv, Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString(), "LC_ALL", "C"), 60_000,
            ErrorDomain.NONE);
    }

    /**
     * Where jvirt's answers still differ from libvirt's, outside the protocol: each a line of
     * libvirt's output and what jvirt prints instead (null: jvirt prints no such line), applied to
     * libvirt's output only where jvirt does not print libvirt's line: once fixed, an entry is inert.
     */
    static final List<String[]> KNOWN_GAPS = List.of();

    /**
     * libvirt's test driver counts CPU time from the host's clock; its own virshtest masks the line
     * too. Lines of libvirt's client library's own log (virsh's complete, for one, warns "Tried to
     * close invalid fd 0") carry the time and virsh's pid: both masked, the message kept.
     */
    static String masked(String output) {
        return output.replaceAll("(?m)^CPU time: .*$", "CPU time:       (masked)")
            .replaceAll("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+\\d{4}: \\d+: ", "(time): (pid): ");
    }

    /** virsh's output on libvirt's test driver and on jvirt over the wire: the same, but for {@link #KNOWN_GAPS} and CPU time. */
    static void assertSame(HostCommand.Result libvirt, HostCommand.Result ours, String what) {
        String libvirtText = masked(libvirt.output());
        if (!ours.output().contains("\nMessages: ")) {
            // the jvirt API has no virDomainGetMessages (taint tracking): NO_SUPPORT, virsh leaves the block out
            libvirtText = libvirtText.replaceAll("(?m)^Messages: .*\\n(^ {16}\\S.*\\n)*", "");
        }
        List<String> expected = new ArrayList<>(libvirtText.lines().toList());
        for (String[] gap : KNOWN_GAPS) {
            boolean applies = expected.contains(gap[0]) && !masked(ours.output()).lines().toList().contains(gap[0]);
            if (applies) {
                int i = expected.indexOf(gap[0]);
                while (i >= 0) {
                    if (gap[1] == null) {
                        expected.remove(i);
                    } else {
                        expected.set(i, gap[1]);
                    }
                    i = expected.indexOf(gap[0]);
                }
            }
        }
        assertEquals(String.join("\n", expected), String.join("\n", masked(ours.output()).lines().toList()),
            what);
        assertEquals(libvirt.status(), ours.status(), "exit status of " + what);
    }
}
