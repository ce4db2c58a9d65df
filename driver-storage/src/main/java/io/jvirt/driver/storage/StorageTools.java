package io.jvirt.driver.storage;

/**
 * The host tools the backends run, with their timeouts: one place for the settings the driver's
 * configuration (PID io.jvirt.driver.storage) will set.
 *
 * @param quick    the runner for short commands (qemu-img info/create/resize, lvs, vgs, stat, blkid)
 * @param slow     the runner for commands that move data (qemu-img convert, fallocate, scrub)
 * @param qemuImg  qemu-img on {@code quick}/{@code slow}
 * @param io       byte-level volume work
 */
record StorageTools(HostTool quick, HostTool slow, QemuImg qemuImg, LocalVolumeIo io) {

    /** Default timeouts: what a metadata command needs, and what copying a large image may need. */
    static final long QUICK_TIMEOUT_MS = 60_000;
    static final long SLOW_TIMEOUT_MS = 6 * 3600_000L;

    /** The tools from the PATH with the default timeouts. */
    static StorageTools defaults() {
        return of("qemu-img", QUICK_TIMEOUT_MS, SLOW_TIMEOUT_MS);
    }

    static StorageTools of(String qemuImgBinary, long quickMs, long slowMs) {
        HostTool quick = new HostTool(null, quickMs);
        HostTool slow = new HostTool(null, slowMs);
        return new StorageTools(quick, slow, new QemuImg(qemuImgBinary, quick, slow), new LocalVolumeIo(quick, slow));
    }

    /** A directory pool on these tools. */
    DirPool dirPool(String name, java.nio.file.Path target, Permissions permissions) {
        return new DirPool(name, target, permissions, qemuImg, io);
    }

    /** A directory pool that tells qemu-img the formats it knows instead of letting it probe. */
    DirPool dirPool(String name, java.nio.file.Path target, Permissions permissions,
                    java.util.function.Function<String, ImageFormat> knownFormats) {
        return new DirPool(name, target, permissions, qemuImg, io, knownFormats);
    }
}
