package io.jvirt.driver.storage;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the system tools live: lvm, blkid and blockdev are in /usr/sbin (or /sbin), which a
 * service's PATH does not always hold; the absolute path is used when it is there, else the bare
 * name (the PATH decides).
 */
final class SystemPrograms {

    private SystemPrograms() {
    }

    static String find(String name) {
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return name;
    }
}
