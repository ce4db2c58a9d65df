package io.jvirt.driver.storage;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: whether a program is on the PATH. */
final class HostPrograms {

    private HostPrograms() {
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
    }
}
