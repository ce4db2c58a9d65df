package io.jvirt.driver.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.BoundedJson;
import io.jvirt.core.kit.HostCommand;

/**
 * libvirt's logical pool backend (virStorageBackendLogical, storage_backend_logical.c) for one
 * volume group: build = blank the devices' ends, pvcreate each, vgcreate; start/stop = vgchange
 * -aly/-aln; refresh = lvs and vgs (JSON reports in bytes); volumes = LVs made by lvcreate (sparse,
 * as libvirt makes them, when the allocation is below the capacity: an LVM snapshot with a virtual
 * origin, {@code --type snapshot --virtualsize}); delete = lvremove, and vgremove + pvremove for
 * the pool. Every LVM call goes through {@link Lvm}, which confines LVM to the pool's devices.
 */
final class LogicalPool {

    /** The format blkid names an LVM physical volume by (libvirt passes it as the expected format). */
    static final String PV_FORMAT = "LVM2_member";
    /** libvirt's virStorageBackendZeroPartitionTable: 1 MiB at each end. */
    private static final int BLANK = 1 << 20;

    private final String name;
    private final String vg;
    private final Lvm lvm;
    private final LocalVolumeIo io;
    private final BlockProbe probe;
    private final HostTool tool;

    /**
     * @param name the pool's name (for messages)
     * @param vg   the volume group (the pool's {@code <source><name>})
     */
    LogicalPool(String name, String vg, Lvm lvm, StorageTools tools) {
        Lvm.checkName("volume group", vg);
        this.name = name;
        this.vg = vg;
        this.lvm = lvm;
        this.io = tools.io();
        this.tool = tools.quick();
        this.probe = new BlockProbe(tools.quick());
    }

    /** The pool's target path: /dev/VG. */
    Path target() {
        return Path.of("/dev", vg);
    }

    // ---------------------------------------------------------------- pool

    /**
     * libvirt's virStorageBackendLogicalBuildPool: unless OVERWRITE, each device must hold nothing
     * blkid recognises; each is blanked at both ends and pvcreate'd; then vgcreate. On a failure
     * the devices already labelled are pvremove'd again.
     */
    void build(boolean overwrite, boolean noOverwrite) {
        StorageErrors.refuseBothBuildFlags(overwrite, noOverwrite);
        if (lvm.devices().isEmpty()) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, "no source devices given for pool '" + name + "'");
        }
        List<String> labelled = new ArrayList<>();
        try {
            for (String dev : lvm.devices()) {
                if (!overwrite) {
                    probe.requireEmpty(dev, PV_FORMAT);
                }
                blankEnds(dev);
                lvm.run("pvcreate", List.of(dev));
                labelled.add(dev);
            }
            List<String> args = new ArrayList<>(List.of(vg));
            args.addAll(lvm.devices());
            lvm.run("vgcreate", args);
        } catch (RuntimeException e) {
            for (String dev : labelled) {
                lvm.call("pvremove", List.of(dev));
            }
            throw e;
        }
    }

    /** libvirt's check: the group exists (and, where LVs can be active, /dev/VG is there). */
    boolean isActive() {
        if (!groupExists()) {
            return false;
        }
        return !lvm.activation() || Files.isDirectory(target()) || volumesInGroup() == 0;
    }

    /** vgchange -aly. */
    void start() {
        requireGroup();
        lvm.runSlow("vgchange", List.of("-aly", vg));
    }

    /** vgchange -aln. */
    void stop() {
        requireGroup();
        lvm.runSlow("vgchange", List.of("-aln", vg));
    }

    /** libvirt's virStorageBackendLogicalRefreshPool: the LVs, then the group's size and free space. */
    PoolContents refresh() {
        List<VolumeInfo> vols = listVolumes();
        List<Map<String, Object>> rows = Lvm.reportRows(
            lvm.run("vgs", List.of("--reportformat", "json", "--units", "b", "--nosuffix", "-o", "vg_name,vg_size,vg_free", vg)), "vg");
        if (rows.size() != 1) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "vgs reported " + rows.size() + " groups for '" + vg + "'");
        }
        Long size = BoundedJson.optUnsigned(rows.get(0), "vg_size");
        Long free = BoundedJson.optUnsigned(rows.get(0), "vg_free");
        if (size == null || free == null || free > size) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "malformed vgs output for '" + vg + "'");
        }
        return new PoolContents(vols, new PoolSpace(size, size - free, free));
    }

    /** libvirt's virStorageBackendLogicalDeletePool: vgremove -f, then pvremove of each device (failures only logged there, ignored here). */
    void delete() {
        lvm.run("vgremove", List.of("-f", vg));
        for (String dev : lvm.devices()) {
            lvm.call("pvremove", List.of(dev));
        }
    }

    // ---------------------------------------------------------------- volumes

    VolumeInfo volume(String lv) {
        Lvm.checkName("volume", lv);
        for (VolumeInfo v : listVolumes()) {
            if (v.name().equals(lv)) {
                return v;
            }
        }
        throw StorageErrors.of(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching name '" + lv + "'");
    }

    /**
     * libvirt's virStorageBackendLogicalCreateVol + LVCreate: {@code lvcreate --name N -L CAPK VG}
     * or, sparse, {@code -L ALLOCK --type snapshot --virtualsize CAPK}; with a backing LV,
     * {@code -s /dev/VG/ORIGIN} instead of the group. Then the device node gets the volume's owner
     * and mode (default 0600), and the new LV is looked up; if either fails, the LV is removed. A
     * failed lvcreate removes nothing (the name may be another volume's). The volume's file format
     * is ignored, as libvirt's logical backend has none.
     */
    VolumeInfo createVolume(VolumeSpec spec) {
        String lv = spec.name();
        VolumeNames.check(lv);
        Lvm.checkName("volume", lv);
        if (listVolumes().stream().anyMatch(v -> v.name().equals(lv))) {
            throw StorageErrors.of(ErrorCode.STORAGE_VOL_EXIST, "'" + lv + "'");
        }
        lvm.run("lvcreate", lvcreateArgs(spec));
        try {
            if (lvm.activation()) {
                Path dev = target().resolve(lv);
                try {
                    // the node is /dev/VG/LV -> ../dm-N: follow it, as libvirt's open() does
                    Path real = dev.toRealPath();
                    spec.permissions().applyOwner(real);
                    Files.setPosixFilePermissions(real, Permissions.toSet(spec.permissions().modeOr(DirPool.DEFAULT_VOL_MODE)));
                } catch (IOException e) {
                    throw StorageErrors.system("cannot set file mode '" + dev + "'", e);
                }
            }
            try {
                return volume(lv);
            } catch (VirtException e) {
                throw StorageErrors.of(ErrorCode.SYSTEM_ERROR, "cannot find newly created volume '" + target().resolve(lv) + "'");
            }
        } catch (RuntimeException e) {
            deleteVolume(lv);
            throw e;
        }
    }

    /**
     * libvirt's createVol + buildVolFrom for a logical pool (storageBackendCreateBlockFrom): the LV
     * is made fully allocated, at least as large as the input, then the input's bytes (its file
     * as it is, whatever its format, as libvirt copies it) are written into the LV's device; if
     * the copy fails, the LV is removed again.
     *
     * @param input a local volume (a file or another LV)
     */
    VolumeInfo cloneVolume(VolumeSpec spec, VolumeInfo input) {
        if (input.type() == VolumeInfo.Type.DIR) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "cannot copy from volume to a directory volume");
        }
        long capacity = Math.max(spec.capacity(), input.capacity());
        VolumeSpec s = spec.withBacking(null, null).withCapacity(capacity, capacity);
        VolumeInfo made = createVolume(s);
        Path dev = Path.of(made.path());
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(Path.of(input.path()),
                 java.nio.file.StandardOpenOption.READ);
             java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(dev,
                 java.nio.file.StandardOpenOption.WRITE)) {
            long pos = 0;
            long length = input.capacity();
            while (pos < length) {
                long n = in.transferTo(pos, length - pos, out);
                if (n <= 0) {
                    break;
                }
                pos += n;
            }
            out.force(true);
        } catch (IOException e) {
            deleteVolume(s.name());
            throw StorageErrors.system("failed to copy '" + input.path() + "' to '" + dev + "'", e);
        }
        return volume(s.name());
    }

    /** The arguments of libvirt's lvcreate for {@code spec} (after {@code lvm lvcreate --config ...}). */
    List<String> lvcreateArgs(VolumeSpec spec) {
        List<String> a = new ArrayList<>();
        boolean sparse = spec.capacity() != spec.allocation();
        if (!lvm.activation()) {
            // inactive, and (zeroing needs the device) unzeroed; LVM refuses -Z with snapshots
            a.add("-an");
            if (!sparse) {
                a.add("-Zn");
            }
        }
        a.addAll(List.of("--name", spec.name(), "-L"));
        if (sparse) {
            a.add(QemuImg.divUp(spec.allocation() == 0 ? 1 : spec.allocation(), 1024) + "K");
            a.addAll(List.of("--type", "snapshot", "--virtualsize"));
        }
        a.add(QemuImg.divUp(spec.capacity(), 1024) + "K");
        if (spec.hasBacking()) {
            a.add("-s");
            a.add(origin(spec.backingPath()));
        } else {
            a.add(vg);
        }
        a.add("--yes");
        return a;
    }

    /**
     * libvirt's virStorageBackendLogicalDeleteVol: lvremove -f, and when that fails, lvchange -aln
     * then lvremove again.
     */
    void deleteVolume(String lv) {
        Lvm.checkName("volume", lv);
        List<String> remove = List.of("-f", vg + "/" + lv);
        HostCommand.Result r = lvm.call("lvremove", remove);
        if (r.status() != 0) {
            lvm.run("lvchange", List.of("-aln", vg + "/" + lv));
            lvm.run("lvremove", remove);
        }
    }

    /**
     * lvresize to {@code capacity} (rounded up to KiB; LVM rounds to its extents). libvirt 9.0's
     * logical backend has no resizeVol (virsh vol-resize answers "storage pool does not support
     * changing of volume capacity"): this is an addition, guarded like the driver's resize (a
     * smaller size only with {@code shrink}); sparse LVs are refused.
     */
    void resizeVolume(String lv, long capacity, boolean shrink) {
        VolumeInfo v = volume(lv);
        if (v.sparse()) {
            throw StorageErrors.of(ErrorCode.NO_SUPPORT, "logical volume '" + v.path() + "' is sparse, resize not supported");
        }
        if (capacity < v.capacity() && !shrink) {
            throw StorageErrors.of(ErrorCode.INVALID_ARG,
                "Can't shrink capacity below current capacity unless shrink flag explicitly specified");
        }
        List<String> a = new ArrayList<>();
        if (capacity < v.capacity()) {
            a.add("-f");
        }
        a.addAll(List.of("-L", QemuImg.divUp(capacity, 1024) + "K", vg + "/" + lv));
        lvm.run("lvresize", a);
    }

    /** libvirt's virStorageBackendLogicalVolWipe: refused for a sparse LV, else the local wipe on the device. */
    void wipeVolume(String lv, WipeAlgorithm algorithm) {
        VolumeInfo v = volume(lv);
        if (v.sparse()) {
            throw StorageErrors.of(ErrorCode.NO_SUPPORT, "logical volume '" + v.path() + "' is sparse, volume wipe not supported");
        }
        io.wipe(Path.of(v.path()), true, algorithm, v.allocation());
    }

    long upload(String lv, InputStream in, long offset, long length) {
        VolumeInfo v = volume(lv);
        return io.upload(Path.of(v.path()), true, in, offset, length);
    }

    long download(String lv, OutputStream out, long offset, long length) {
        VolumeInfo v = volume(lv);
        return io.download(Path.of(v.path()), true, out, offset, length);
    }

    /** An upload as a stream to write (the SPI's shape). */
    OutputStream openUpload(String lv, long offset, long length) {
        return io.openWrite(Path.of(volume(lv).path()), true, offset, length);
    }

    /** A download as a stream to read (the SPI's shape). */
    InputStream openDownload(String lv, long offset, long length) {
        return io.openRead(Path.of(volume(lv).path()), true, offset, length);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * libvirt's virStorageBackendLogicalFindLVs / MakeVol: active LVs only (where device-mapper
     * is missing, LVM reports the state unknown, 'X', and those are listed), thin pools skipped;
     * 's' in the attributes is a sparse (snapshot) LV whose capacity is its origin's size;
     * allocation is the LV's size; a real origin is the backing store ([name] is a virtual origin).
     */
    private List<VolumeInfo> listVolumes() {
        List<Map<String, Object>> rows = Lvm.reportRows(lvm.run("lvs", List.of("--reportformat", "json", "--units", "b",
            "--nosuffix", "-o", "lv_name,origin,lv_uuid,segtype,lv_size,origin_size,lv_attr", vg)), "lv");
        List<VolumeInfo> vols = new ArrayList<>();
        try {
            for (Map<String, Object> row : rows) {
                String lv = BoundedJson.optString(row, "lv_name");
                String attr = BoundedJson.optString(row, "lv_attr");
                String uuid = BoundedJson.optString(row, "lv_uuid");
                Long size = BoundedJson.optUnsigned(row, "lv_size");
                if (lv == null || attr == null || attr.length() < 5 || uuid == null || size == null) {
                    throw new IllegalArgumentException("an lvs row without name, attributes, uuid or size");
                }
                Lvm.checkName("volume", lv);
                char state = attr.charAt(4);
                if (attr.charAt(0) == 't' || !(state == 'a' || (state == 'X' && !lvm.activation()))) {
                    continue;
                }
                boolean sparse = attr.charAt(0) == 's';
                long capacity = size;
                if (sparse) {
                    Long originSize = BoundedJson.optUnsigned(row, "origin_size");
                    if (originSize != null) {
                        capacity = originSize;
                    }
                }
                String origin = BoundedJson.optString(row, "origin");
                String backing = origin == null || origin.isEmpty() || origin.startsWith("[") ? null
                    : target().resolve(origin).toString();
                String path = target().resolve(lv).toString();
                vols.add(new VolumeInfo(lv, uuid, path, VolumeInfo.Type.BLOCK, ImageFormat.RAW, capacity, size,
                    backing, null, sparse));
            }
        } catch (IllegalArgumentException e) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "malformed lvs output for '" + vg + "': " + e.getMessage());
        }
        vols.sort(Comparator.comparing(VolumeInfo::name));
        return vols;
    }

    private int volumesInGroup() {
        return Lvm.reportRows(lvm.run("lvs", List.of("--reportformat", "json", "-o", "lv_name", vg)), "lv").size();
    }

    private boolean groupExists() {
        HostCommand.Result r = lvm.call("vgs", List.of("--reportformat", "json", "-o", "vg_name", vg));
        return r.status() == 0 && Lvm.reportRows(r, "vg").size() == 1;
    }

    private void requireGroup() {
        if (!groupExists()) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID,
                "cannot find logical volume group name '" + vg + "'");
        }
    }

    /** A backing LV given as /dev/VG/NAME (or NAME) of this group, as "VG/NAME" for lvcreate -s. */
    private String origin(String backing) {
        String lv = backing.startsWith(target() + "/") ? backing.substring(target().toString().length() + 1) : backing;
        Lvm.checkName("backing volume", lv);
        return vg + "/" + lv;
    }

    /** libvirt's virStorageBackendZeroPartitionTable: zeros over the first and the last MiB. */
    private void blankEnds(String device) {
        long size;
        try {
            size = Long.parseLong(tool.run(List.of(SystemPrograms.find("blockdev"), "--getsize64", device)).text());
        } catch (NumberFormatException e) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "cannot read the size of '" + device + "'");
        }
        try (RandomAccessFile f = new RandomAccessFile(device, "rw")) {
            byte[] zeros = new byte[(int) Math.min(BLANK, size)];
            f.seek(0);
            f.write(zeros);
            f.seek(Math.max(0, size - zeros.length));
            f.write(zeros);
            f.getFD().sync();
        } catch (IOException e) {
            throw StorageErrors.system("cannot wipe the ends of '" + device + "'", e);
        }
    }
}
