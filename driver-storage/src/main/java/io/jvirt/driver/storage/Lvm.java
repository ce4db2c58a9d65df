package io.jvirt.driver.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.jvirt.api.ErrorCode;
import io.jvirt.core.kit.BoundedJson;
import io.jvirt.core.kit.HostCommand;

/**
 * LVM's commands for one volume group, as libvirt's storage_backend_logical.c runs them, with two
 * additions that keep them to their pool:
 *
 * <ul>
 *   <li>a devices filter (and global_filter) passed with {@code --config} on every call accepts
 *       only the pool's source devices, so LVM never scans, shows or changes another volume group
 *       of the host (a VG name a pool XML shares with the host's root VG cannot reach it);</li>
 *   <li>where no udev daemon runs (a container, a minimal host), udev is switched off for the call
 *       ({@code activation { udev_sync=0 udev_rules=0 } devices { obtain_device_list_from_udev=0 }}):
 *       otherwise lvcreate and vgchange wait for udev events that never come. With udev rules off
 *       LVM makes the /dev/VG/LV nodes itself.</li>
 * </ul>
 *
 * <p>Where the kernel has no device-mapper, LV activation is impossible; the commands then run with
 * {@code --driverloaded n} and LVs are created inactive and unzeroed ({@code -an -Zn}): the
 * metadata works (create, list, resize, remove, group removal), nothing that needs the block device
 * does. This is how the tests exercise LVM on kernels without device-mapper.
 *
 * <p>Names are checked against LVM's own character set before they reach an argv or the filter.
 */
final class Lvm {

    /** LVM's names: letters, digits, "+_.-", not starting with '-' (LVM's validate_name). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}");
    /** Device paths accepted into a filter regex: plain absolute paths only. */
    private static final Pattern DEVICE = Pattern.compile("/[A-Za-z0-9/_.+:-]{1,254}");

    /** lvm's path (one binary for every LVM command). */
    static final String LVM = SystemPrograms.find("lvm");

    private final HostTool quick;
    private final HostTool slow;
    private final List<String> devices;
    private final boolean udevOff;
    private final boolean activation;

    /**
     * @param quickMs    the timeout of a metadata command
     * @param slowMs     the timeout of one that may wait on I/O (vgchange, lvremove of a busy LV)
     * @param devices    the pool's source devices (the filter); empty: LVM's own view
     * @param udevOff    switch udev off for the calls (no udev daemon runs)
     * @param activation whether device-mapper can activate LVs
     */
    Lvm(long quickMs, long slowMs, List<String> devices, boolean udevOff, boolean activation) {
        this.quick = new HostTool(environment(), quickMs);
        this.slow = new HostTool(environment(), slowMs);
        for (String d : devices) {
            checkDevice(d);
        }
        this.devices = List.copyOf(devices);
        this.udevOff = udevOff;
        this.activation = activation;
    }

    /** {@link #Lvm} with udev and device-mapper as this host has them. */
    static Lvm forHost(List<String> devices) {
        return new Lvm(StorageTools.QUICK_TIMEOUT_MS, StorageTools.SLOW_TIMEOUT_MS, devices, !udevRunning(),
            deviceMapperPresent());
    }

    /** Whether a udev daemon listens (systemd-udevd's control socket). */
    static boolean udevRunning() {
        return Files.exists(Path.of("/run/udev/control"));
    }

    /** Whether the kernel has device-mapper (built in or loaded). */
    static boolean deviceMapperPresent() {
        return Files.exists(Path.of("/sys/class/misc/device-mapper")) || Files.exists(Path.of("/sys/module/dm_mod"));
    }

    boolean activation() {
        return activation;
    }

    List<String> devices() {
        return devices;
    }

    static void checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw StorageErrors.of(ErrorCode.OPERATION_INVALID, what + " name '" + name + "' is not a valid LVM name");
        }
    }

    static void checkDevice(String device) {
        if (device == null || !DEVICE.matcher(device).matches() || !Path.of(device).normalize().toString().equals(device)) {
            throw StorageErrors.of(ErrorCode.INVALID_ARG, "source device path '" + device + "' is not a plain absolute path");
        }
    }

    /** The --config text: the devices filter and, without udev, LVM's udev settings off. */
    String config() {
        StringBuilder devs = new StringBuilder();
        if (!devices.isEmpty()) {
            StringBuilder f = new StringBuilder("[");
            for (String d : devices) {
                // '.' and '+' are regex characters: a class keeps them literal without backslashes,
                // which LVM's config strings would need escaping for
                f.append("\"a|^").append(d.replace(".", "[.]").replace("+", "[+]")).append("$|\",");
            }
            f.append("\"r|.*|\"]");
            devs.append("filter=").append(f).append(" global_filter=").append(f).append(' ');
        }
        devs.append("use_devicesfile=0");
        StringBuilder c = new StringBuilder("devices{").append(devs);
        if (udevOff) {
            c.append(" obtain_device_list_from_udev=0} activation{udev_sync=0 udev_rules=0}");
        } else {
            c.append('}');
        }
        return c.toString();
    }

    /** The argv of {@code lvm COMMAND --config ... ARGS}. */
    List<String> argv(String command, List<String> args) {
        List<String> a = new ArrayList<>(List.of(LVM, command, "--config", config()));
        if (!activation) {
            a.add("--driverloaded");
            a.add("n");
        }
        a.addAll(args);
        return a;
    }

    HostCommand.Result run(String command, List<String> args) {
        return quick.run(argv(command, args));
    }

    HostCommand.Result call(String command, List<String> args) {
        return quick.call(argv(command, args));
    }

    HostCommand.Result runSlow(String command, List<String> args) {
        return slow.run(argv(command, args));
    }

    /** The environment the LVM commands get: the JVM's plus LVM's fd warnings off and the C locale. */
    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LVM_SUPPRESS_FD_WARNINGS", "1");
        env.put("LC_ALL", "C");
        return env;
    }

    /**
     * The rows of an LVM JSON report ({@code --reportformat json}): {@code report[0][kind]}. The
     * output has LVM's warnings (stderr) merged in: the document is taken from the first line that
     * opens it.
     */
    static List<Map<String, Object>> reportRows(HostCommand.Result r, String kind) {
        if (r.truncated()) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "LVM's report is longer than " + HostCommand.OUTPUT_CAP + " bytes");
        }
        String out = r.output();
        int start = -1;
        int at = 0;
        for (String line : out.split("\n", -1)) {
            if (line.strip().equals("{")) {
                start = at;
                break;
            }
            at += line.length() + 1;
        }
        int end = out.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "no report in LVM's output: " + r.text());
        }
        try {
            Map<String, Object> doc = BoundedJson.object(BoundedJson.parse(out.substring(start, end + 1)), "LVM report");
            List<Object> reports = BoundedJson.array(doc.get("report"), "report");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Object rep : reports) {
                Object rowsOf = BoundedJson.object(rep, "report entry").get(kind);
                if (rowsOf == null) {
                    continue;
                }
                for (Object row : BoundedJson.array(rowsOf, kind)) {
                    rows.add(BoundedJson.object(row, kind + " row"));
                }
            }
            return rows;
        } catch (IllegalArgumentException e) {
            throw StorageErrors.of(ErrorCode.INTERNAL_ERROR, "cannot parse LVM's report: " + e.getMessage());
        }
    }
}
