package io.jvirt.core.kit.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where host programs are: the one executable lookup of the local drivers.
 *
 * <p>The helpers a driver runs as root (setsid, ip, kill, unshare, passt...) are looked for in the
 * system directories only ({@link #SYSTEM_DIRS}), never on the JVM's PATH: a directory someone put
 * first on that PATH must not choose what root runs. A hypervisor binary the administrator may have
 * installed elsewhere (libvirt finds QEMU on the PATH) is looked for on the PATH first, then in the
 * system directories ({@link #findOnPath}).
 */
public final class HostPrograms {

    /** Debian's PATH for root: only directories root owns. */
    public static final List<String> SYSTEM_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
    /** {@link #SYSTEM_DIRS} as a PATH value, the whole PATH of every helper a driver starts. */
    public static final String SYSTEM_PATH = String.join(":", SYSTEM_DIRS);

    private HostPrograms() {
    }

    /** {@code name} in the system directories, or empty. */
    public static Optional<Path> find(String name) {
        return first(name, SYSTEM_DIRS);
    }

    /** {@code name} on the JVM's PATH, then in the system directories, or empty. */
    public static Optional<Path> findOnPath(String name) {
        return first(name, searchPath());
    }

    /** The directories {@link #findOnPath} looks in, in order (for an error that says where it looked). */
    public static List<String> searchPath() {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(SYSTEM_DIRS);
        return new ArrayList<>(dirs);
    }

    /** Whether {@code p} is an executable file (not a directory). */
    public static boolean isProgram(Path p) {
        return Files.isExecutable(p) && !Files.isDirectory(p);
    }

    private static Optional<Path> first(String name, List<String> dirs) {
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            return Optional.empty();
        }
        for (String d : dirs) {
            Path p = Path.of(d, name);
            if (isProgram(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
