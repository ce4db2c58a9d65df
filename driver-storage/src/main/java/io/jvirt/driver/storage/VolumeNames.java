package io.jvirt.driver.storage;

import java.nio.file.Path;

import io.jvirt.api.ErrorCode;

/**
 * The names a volume may have in a directory-like pool: libvirt refuses '/' ("Volumes within a
 * directory pools are not recursive; do not allow escape to ../ or a subdir"); "." and ".." name the
 * pool directory and its parent, which libvirt only stops by accident (the path exists), so they
 * are refused outright here, as are NUL and control characters (libvirt's refresh ignores files so
 * named) and names longer than a file name can be.
 */
final class VolumeNames {

    static final int NAME_MAX = 255;

    private VolumeNames() {
    }

    /** Checks {@code name} and returns its path under {@code dir}. */
    static Path resolve(Path dir, String name) {
        check(name);
        Path p = dir.resolve(name);
        // belt and braces: the checks above already keep the path one level below dir
        if (!dir.equals(p.getParent())) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "volume name '" + name + "' cannot contain '/'");
        }
        return p;
    }

    static void check(String name) {
        if (name == null || name.isEmpty()) {
            throw StorageErrors.of(ErrorCode.INVALID_ARG, "missing volume name");
        }
        if (name.indexOf('/') >= 0) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "volume name '" + name + "' cannot contain '/'");
        }
        if (name.equals(".") || name.equals("..")) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "volume name '" + name + "' is not allowed");
        }
        if (hasControlChars(name)) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "volume name cannot contain control characters");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NAME_MAX) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "volume name '" + name + "' is longer than " + NAME_MAX + " bytes");
        }
    }

    /** libvirt's virStringHasControlChars. */
    static boolean hasControlChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
