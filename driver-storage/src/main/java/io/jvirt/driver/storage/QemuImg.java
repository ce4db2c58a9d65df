package io.jvirt.driver.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.core.kit.HostCommand;

/**
 * qemu-img as libvirt's storage_util.c drives it: create (storageBackendCreateQemuImg), convert for
 * clones, info --output=json for a volume's sizes and backing store, resize. Every call is an argv
 * list through {@link HostTool}: quick calls (info, create without preallocation, resize) on a
 * short timeout, the ones that write the data (convert, falloc preallocation) on a long one.
 *
 * <p>Image paths given here are absolute (a pool's target path joined with a checked volume name),
 * so qemu-img never reads them as "protocol:..." or "json:{...}" filenames; a backing store path
 * comes from the XML and is checked for that by {@link #checkBackingName}.
 */
final class QemuImg {

    private final String binary;
    private final HostTool quick;
    private final HostTool slow;

    /**
     * @param binary qemu-img's path or name on the PATH
     * @param quick  the runner for info, create and resize
     * @param slow   the runner for convert and preallocating create
     */
    QemuImg(String binary, HostTool quick, HostTool slow) {
        this.binary = binary;
        this.quick = quick;
        this.slow = slow;
    }

    /** qemu-img's name for {@code f}, or libvirt's INTERNAL_ERROR "unknown storage vol type". */
    static String qemuFormat(ImageFormat f) {
        if (f.qemuName() == null) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "unknown storage vol type " + f.xmlName());
        }
        return f.qemuName();
    }

    /**
     * The argv of libvirt's qemu-img create for {@code spec} at {@code path}
     * (virStorageBackendCreateQemuImgCmdFromVol without encryption), with libvirt's checks.
     */
    List<String> createArgv(Path path, VolumeSpec spec, boolean preallocMetadata) {
        ImageFormat format = spec.format();
        checkQcow2Only(spec, preallocMetadata);
        List<String> argv = new ArrayList<>(List.of(binary, "create", "-f", qemuFormat(format)));
        if (spec.hasBacking()) {
            if (format == ImageFormat.RAW || format == ImageFormat.ISO) {
                throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED, "cannot set backing store for raw volume");
            }
            if (preallocMetadata) {
                throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED, "metadata preallocation conflicts with backing store");
            }
            checkBackingName(spec.backingPath());
            argv.add("-b");
            argv.add(spec.backingPath());
        }
        String opts = options(spec, preallocMetadata, true);
        if (!opts.isEmpty()) {
            argv.add("-o");
            argv.add(opts);
        }
        argv.add(path.toString());
        long sizeK = divUp(spec.capacity(), 1024);
        if (sizeK > 0 || !spec.hasBacking()) {
            argv.add(sizeK + "K");
        }
        return argv;
    }

    /**
     * The argv of libvirt's clone by conversion: {@code convert -f IN -O OUT [-o opts] in out}
     * (the new volume's backing store is ignored, as libvirt ignores it when converting).
     */
    List<String> convertArgv(Path input, ImageFormat inputFormat, Path path, VolumeSpec spec) {
        VolumeSpec noBacking = spec.withBacking(null, null);
        checkQcow2Only(noBacking, false);
        List<String> argv = new ArrayList<>(List.of(binary, "convert", "-f", qemuFormat(inputFormat),
            "-O", qemuFormat(spec.format())));
        String opts = options(noBacking, false, false);
        if (!opts.isEmpty()) {
            argv.add("-o");
            argv.add(opts);
        }
        argv.add(input.toString());
        argv.add(path.toString());
        return argv;
    }

    /** Creates the image (the file may exist: qemu-img rewrites it). */
    void create(Path path, VolumeSpec spec, boolean preallocMetadata) {
        (preallocMetadata ? slow : quick).run(createArgv(path, spec, preallocMetadata));
    }

    /** Copies {@code input} into a new image at {@code path} in {@code spec}'s format. */
    void convert(Path input, ImageFormat inputFormat, Path path, VolumeSpec spec) {
        slow.run(convertArgv(input, inputFormat, path, spec));
    }

    /**
     * qemu-img info of {@code path}: with {@code -U} (a running guest's image is read without
     * taking its lock, as libvirt reads headers without locking), the backing chain not opened
     * (qemu-img info never opens it without --backing-chain), and {@code -f} when the caller knows
     * the format (no probing of guest-written data).
     *
     * @param format the known format, or null to let qemu-img probe (libvirt's refresh probes too)
     * @throws io.jvirt.api.VirtException INTERNAL_ERROR when qemu-img fails or prints something
     *         that is not its document
     */
    ImageInfo info(Path path, ImageFormat format) {
        List<String> argv = new ArrayList<>(List.of(binary, "info", "-U", "--output=json"));
        if (format != null) {
            argv.add("-f");
            argv.add(qemuFormat(format));
        }
        argv.add(path.toString());
        HostCommand.Result r = quick.run(argv);
        if (r.truncated()) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "qemu-img info printed more than " + HostCommand.OUTPUT_CAP + " bytes");
        }
        try {
            return ImageInfo.parse(jsonPart(r.output()));
        } catch (IllegalArgumentException e) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "cannot parse qemu-img info of '" + path + "': " + e.getMessage());
        }
    }

    /**
     * libvirt's storageBackendResizeQemuImg: the capacity rounded up to 512 bytes, --shrink when
     * it gets smaller.
     */
    List<String> resizeArgv(Path path, ImageFormat format, long currentCapacity, long capacity) {
        long rounded = roundUp(capacity, 512);
        List<String> argv = new ArrayList<>(List.of(binary, "resize"));
        if (rounded < currentCapacity) {
            argv.add("--shrink");
        }
        // -f: a guest-written header must not make qemu-img take the file for another format
        argv.add("-f");
        argv.add(qemuFormat(format));
        argv.add(path.toString());
        argv.add(Long.toString(rounded));
        return argv;
    }

    void resize(Path path, ImageFormat format, long currentCapacity, long capacity) {
        quick.run(resizeArgv(path, format, currentCapacity, capacity));
    }

    /**
     * Refuses a backing store name qemu-img would not read as a plain file: "json:{...}" or
     * "proto:..." (qemu's path_has_protocol: a ':' before any '/'), so an XML cannot point a new
     * image at an NBD server or a JSON-described block graph. Write "./name:x" for such a file.
     */
    static void checkBackingName(String backing) {
        if (backing.isEmpty() || backing.indexOf('\0') >= 0) {
            throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED, "invalid backing store path");
        }
        int colon = backing.indexOf(':');
        int slash = backing.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) {
            throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED,
                "backing store path '" + backing + "' would be read by qemu-img as a protocol; use './" + backing + "'");
        }
    }

    /** libvirt's storageBackendCreateQemuImgOpts (no encryption). */
    private static String options(VolumeSpec spec, boolean preallocMetadata, boolean withBacking) {
        StringBuilder b = new StringBuilder();
        if (withBacking && spec.hasBacking()) {
            ImageFormat bf = spec.backingFormat() == null ? ImageFormat.RAW : spec.backingFormat();
            b.append("backing_fmt=").append(qemuFormat(bf)).append(',');
        }
        if (preallocMetadata) {
            long sizeK = divUp(spec.capacity(), 1024);
            long allocK = divUp(spec.allocation(), 1024);
            b.append(sizeK > allocK ? "preallocation=metadata," : "preallocation=falloc,");
        }
        if (spec.compat() != null) {
            b.append("compat=").append(spec.compat()).append(',');
        } else if (spec.format() == ImageFormat.QCOW2) {
            // libvirt's volume XML parser makes the compat 1.1 when <features> are asked for
            b.append(spec.lazyRefcounts() ? "compat=1.1," : "compat=0.10,");
        }
        if (spec.clusterSize() > 0) {
            b.append("cluster_size=").append(spec.clusterSize()).append(',');
        }
        if (spec.lazyRefcounts() && spec.format() == ImageFormat.QCOW2) {
            if ("0.10".equals(spec.compat())) {
                throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED, "lazy_refcounts not supported with compat level 0.10");
            }
            b.append("lazy_refcounts,");
        }
        if (b.length() > 0) {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    /** libvirt's virStorageBackendCreateQemuImgSetInfo checks. */
    private static void checkQcow2Only(VolumeSpec spec, boolean preallocMetadata) {
        boolean qcow2 = spec.format() == ImageFormat.QCOW2;
        if (preallocMetadata && !qcow2) {
            throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED, "metadata preallocation only available with qcow2");
        }
        if (spec.compat() != null && !qcow2) {
            throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED, "compatibility option only available with qcow2");
        }
        if (spec.lazyRefcounts() && !qcow2) {
            throw StorageErrors.of(ErrorCode.CONFIG_UNSUPPORTED, "format features only available with qcow2");
        }
    }

    /** The JSON document in qemu-img's output (stderr is merged in: skip any warning before it). */
    private static String jsonPart(String output) {
        int start = output.indexOf('{');
        int end = output.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("no JSON object in qemu-img's output");
        }
        return output.substring(start, end + 1);
    }

    static long divUp(long n, long d) {
        return n / d + (n % d == 0 ? 0 : 1);
    }

    static long roundUp(long n, long m) {
        return Math.multiplyExact(divUp(n, m), m);
    }
}
