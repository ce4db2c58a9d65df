package io.jvirt.driver.vmware;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The VM process's pid from {@code vmware.log} beside the .vmx (libvirt's vmwareExtractPid): the
 * first line carries {@code " pid=N "}. The log is read as hostile: at most the first 1023 bytes
 * (libvirt's fgets into 1024), the number must be digits that fit an int, above 0, followed by a
 * space, and where the host has /proc the process must exist. Nothing is ever signalled by this
 * pid: it is the domain's id, nothing else.
 */
final class VmwareLog {

    static final int FIRST_LINE_MAX = 1023;
    private static final String KEY = " pid=";

    private VmwareLog() {
    }

    /** The pid, or empty when the log is missing, unreadable or says no valid pid. */
    static OptionalInt pid(Path vmx) {
        Path dir = vmx.getParent();
        if (dir == null) {
            return OptionalInt.empty();
        }
        Path log = dir.resolve("vmware.log");
        if (!Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)) {
            return OptionalInt.empty();
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(log, LinkOption.NOFOLLOW_LINKS)) {
            head = in.readNBytes(FIRST_LINE_MAX);
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int nl = text.indexOf('\n');
        return parseFirstLine(nl >= 0 ? text.substring(0, nl + 1) : text);
    }

    /** The pid of a first line, libvirt's rules and the checks above. */
    static OptionalInt parseFirstLine(String line) {
        int at = line.indexOf(KEY);
        if (at < 0) {
            return OptionalInt.empty();
        }
        int start = at + KEY.length();
        int end = start;
        while (end < line.length() && end - start <= 10 && Character.isDigit(line.charAt(end)) && line.charAt(end) < 128) {
            end++;
        }
        if (end == start || end - start > 10 || end >= line.length() || line.charAt(end) != ' ') {
            return OptionalInt.empty();
        }
        long pid = Long.parseLong(line.substring(start, end));
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            return OptionalInt.empty();
        }
        Path proc = Path.of("/proc/self");
        if (Files.isDirectory(proc) && !Files.isDirectory(Path.of("/proc/" + pid))) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) pid);
    }
}
