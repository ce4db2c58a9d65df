package io.jvirt.driver.bhyve;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;

/**
 * The loader step before bhyve (virBhyveProcessBuildLoadCmd): bhyveload with the memory and the
 * boot disk, grub-bhyve with a device map, or the domain's own {@code <bootloader>} with its
 * {@code <bootloader_args>} split at spaces as libvirt splits them.
 */
final class BhyveLoader {

    /** The loader's argv and, for grub-bhyve, the device map's text (else null). */
    record Load(List<String> argv, String deviceMap) {
    }

    private BhyveLoader() {
    }

    static Load build(DomainDef def, String deviceMapPath, boolean grubConsDev) {
        String bootloader = BhyveDomain.bootloader(def);
        if (bootloader == null) {
            return new Load(bhyveload(def, bootDisk(def)), null);
        }
        if (bootloader.contains("grub-bhyve")) {
            return grubBhyve(def, bootloader, deviceMapPath, grubConsDev);
        }
        return new Load(custom(def, bootloader), null);
    }

    private static List<String> bhyveload(DomainDef def, DiskDef disk) {
        List<String> cmd = new ArrayList<>();
        cmd.add(BhyveCommandBuilder.BHYVELOAD);
        String args = BhyveDomain.bootloaderArgs(def);
        if (args != null) {
            cmd.addAll(splitArgs(args));
            return cmd;
        }
        BhyveValues.name(def.name());
        cmd.add("-m");
        cmd.add(Long.toString(BhyveCommandBuilder.memoryMiB(def)));
        cmd.add("-d");
        cmd.add(source(disk));
        cmd.add(def.name());
        return cmd;
    }

    private static List<String> custom(DomainDef def, String bootloader) {
        String args = BhyveDomain.bootloaderArgs(def);
        if (args == null) {
            throw BhyveCommandBuilder.unsupported("Custom loader requires explicit bootloader_args configuration");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(bootloader);
        cmd.addAll(splitArgs(args));
        return cmd;
    }

    /** g_strsplit(args, " ", 0): every single space separates, so two spaces make an empty argument. */
    static List<String> splitArgs(String args) {
        if (args.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String a : args.split(" ", -1)) {
            if (!BhyveValues.printable(a)) {
                throw BhyveCommandBuilder.unsupported("bootloader_args contains control characters");
            }
            out.add(a);
        }
        return out;
    }

    private static Load grubBhyve(DomainDef def, String bootloader, String deviceMapPath, boolean grubConsDev) {
        if (BhyveDomain.bootloaderArgs(def) != null) {
            return new Load(custom(def, bootloader), null);
        }
        DiskDef cd = null;
        DiskDef hdd = null;
        DiskDef userdef = null;
        long best = Long.MAX_VALUE;
        for (DiskDef disk : def.disks()) {
            if (!usable(disk)) {
                continue;
            }
            Integer order = disk.bootOrder();
            if (order != null && order > 0 && order < best) {
                userdef = disk;
                best = order;
                continue;
            }
            if (cd == null && "cdrom".equals(device(disk))) {
                cd = disk;
            }
            if (hdd == null && "disk".equals(device(disk))) {
                hdd = disk;
            }
        }
        StringBuilder map = new StringBuilder();
        if (userdef != null) {
            mapLine(map, userdef);
        } else {
            if (hdd != null) {
                mapLine(map, hdd);
            }
            if (cd != null) {
                mapLine(map, cd);
            }
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(bootloader);
        cmd.add("--root");
        if (userdef != null) {
            cmd.add("cdrom".equals(device(userdef)) ? "cd" : "hd0,msdos1");
        } else {
            cmd.add(cd != null ? "cd" : "hd0,msdos1");
        }
        cmd.add("--device-map");
        cmd.add(deviceMapPath);
        cmd.add("--memory");
        cmd.add(Long.toString(BhyveCommandBuilder.memoryMiB(def)));
        if (grubConsDev && BhyveCommandBuilder.firstSerial(def) != null) {
            CharDeviceDef chr = BhyveCommandBuilder.firstSerial(def);
            if (!"nmdm".equals(chr.type())) {
                throw BhyveCommandBuilder.unsupported("only nmdm console types are supported");
            }
            cmd.add("--cons-dev");
            cmd.add(BhyveCommandBuilder.nmdmMaster(chr));
        }
        BhyveValues.name(def.name());
        cmd.add(def.name());
        return new Load(cmd, map.toString());
    }

    private static void mapLine(StringBuilder map, DiskDef disk) {
        String src = source(disk);
        if (src.indexOf('\n') >= 0 || src.indexOf('\r') >= 0) {
            throw BhyveCommandBuilder.unsupported("disk source contains a line break");
        }
        map.append("cdrom".equals(device(disk)) ? "(cd) " : "(hd0) ").append(src).append('\n');
    }

    /** virBhyveGetBootDisk: the disk bhyveload boots. */
    private static DiskDef bootDisk(DomainDef def) {
        List<DiskDef> disks = def.disks();
        if (disks.isEmpty()) {
            throw BhyveCommandBuilder.unsupported("Domain should have at least one disk defined");
        }
        List<String> boot = def.os().bootDevices();
        if (boot.size() > 1) {
            throw BhyveCommandBuilder.unsupported("Only one boot device is supported");
        }
        if (boot.size() == 1) {
            String want = switch (boot.get(0)) {
                case "cdrom" -> "cdrom";
                case "hd" -> "disk";
                default -> throw BhyveCommandBuilder.unsupported("Cannot boot from device " + boot.get(0));
            };
            for (DiskDef disk : disks) {
                if (!usable(disk)) {
                    continue;
                }
                if (want.equals(device(disk))) {
                    return disk;
                }
            }
            throw BhyveCommandBuilder.unsupported("Cannot find boot device of requested type " + boot.get(0));
        }
        DiskDef match = null;
        DiskDef lastUsable = null;
        for (DiskDef disk : disks) {
            if (!usable(disk)) {
                continue;
            }
            lastUsable = disk;
            if (disk.bootOrder() != null && disk.bootOrder() > 0) {
                if (match != null) {
                    throw BhyveCommandBuilder.unsupported("Only one boot device is supported");
                }
                match = disk;
            }
        }
        // libvirt's "first usable disk" is in fact the last one its loop saw
        return match != null ? match : lastUsable;
    }

    /** virBhyveUsableDisk: libvirt reports the error and its callers skip the disk. */
    private static boolean usable(DiskDef disk) {
        String device = device(disk);
        if (!"disk".equals(device) && !"cdrom".equals(device)) {
            return false;
        }
        String type = disk.type() == null ? "file" : disk.type();
        return "file".equals(type);
    }

    private static String device(DiskDef disk) {
        return disk.device() == null ? "disk" : disk.device();
    }

    private static String source(DiskDef disk) {
        String s = disk.sourcePath() == null ? "" : disk.sourcePath();
        if (!BhyveValues.printable(s)) {
            throw BhyveCommandBuilder.unsupported("disk source contains control characters");
        }
        return s;
    }
}
