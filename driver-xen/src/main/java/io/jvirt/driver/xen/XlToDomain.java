package io.jvirt.driver.xen;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;

import io.jvirt.api.domain.XmlText;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CpuSet;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.LibvirtUuids;
import io.jvirt.api.domain.MacAddress;
import io.jvirt.core.kit.conf.VirConf;
import io.jvirt.core.kit.conf.VirConfValue;

/**
 * xl.cfg to libvirt's domain XML, entry by entry in the order libvirt's xenParseXL reads them
 * (xenParseConfigCommon, then the xl-only parts), with its defaults, checks and words. The result
 * is XML text that {@link XlConfig} reads through the domain model with {@link XenDefaults}
 * (libxl's post-parse callbacks), so it is formatted as every other domain.
 */
final class XlToDomain {

    /** libvirt's MIN_XEN_GUEST_SIZE (MiB); memory defaults to twice it. */
    private static final long MIN_XEN_GUEST_SIZE = 64;
    /** virBitmapParse's limit for "cpus" in xenParseCPU. */
    private static final int CPUS_BITMAP_LEN = 4096;
    /** The vCPUs a domain may have: libvirt allocates one structure per vCPU, jvirt bounds it at its CPU-set size. */
    private static final long MAX_VCPUS = CpuSet.MAX_CPU;
    /** xenParseVfb's buffer (MAX_VFB). */
    private static final int MAX_VFB = 1024;

    private final XlValues v;
    private final VirConf conf;
    private final Model m = new Model();

    /** What is gathered before the XML is written (the parse order differs from the XML's). */
    private static final class Model {
        String name;
        UUID uuid;
        String osType = "linux";
        String machine = "xenpv";
        long memKiB;
        long curKiB;
        long vcpusMax;
        long vcpus;
        String cpuset;
        String onPoweroff;
        String onReboot;
        String onCrash;
        final List<String> features = new ArrayList<>();
        final List<String> xenFeatures = new ArrayList<>();
        String clock;
        final List<String> timers = new ArrayList<>();
        String emulator;
        String loader;
        String os;
        String bootloader;
        String bootloaderArgs;
        String cpu;
        final List<String> cpuFeatures = new ArrayList<>();
        String numa;
        final List<String> disks = new ArrayList<>();
        final List<String> controllers = new ArrayList<>();
        final List<String> nets = new ArrayList<>();
        final List<String> hostdevs = new ArrayList<>();
        final List<String> sounds = new ArrayList<>();
        String graphics;
        final List<String> serials = new ArrayList<>();
        final List<String> parallels = new ArrayList<>();
        final List<String> consoles = new ArrayList<>();
        final List<String> channels = new ArrayList<>();
        final List<String> inputs = new ArrayList<>();
        final List<String> dmArgs = new ArrayList<>();
        String xenbus;
        int maxIde = -1;
        int maxScsi = -1;
    }

    private XlToDomain(VirConf conf) {
        this.conf = conf;
        this.v = new XlValues(conf);
    }

    static String toXmlText(VirConf conf) {
        return new XlToDomain(conf).convert();
    }

    private boolean hvm() {
        return "hvm".equals(m.osType);
    }

    static VirtException xlError(ErrorCode code, String info) {
        return new VirtException(code, ErrorDomain.XENXL, info);
    }

    static VirtException xenError(ErrorCode code, String info) {
        return new VirtException(code, ErrorDomain.XEN, info);
    }

    /** libvirt fails some conversions without reporting why; virsh then says this. */
    static VirtException unknownCause(String what) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.XEN,
            "An error occurred, but the cause is unknown (" + what + ")");
    }

    private String convert() {
        generalMeta();
        memory();
        events();
        cpus();
        hypervisorFeatures();
        timeOffset();
        m.emulator = v.string("device_model_override", null);
        vifs();
        pciList();
        sound();
        vfb();
        charDevs();
        xlOs();
        vnuma();
        xenbusLimits();
        cpuid();
        disks();
        spice();
        inputDevs();
        usbDevs();
        usbControllers();
        channels();
        namespaceData();
        return write();
    }

    private void generalMeta() {
        m.name = v.required("name");
        if (m.name.indexOf('\n') >= 0) {
            // libvirt's XML reader refuses it (virXMLCheckIllegalChars); its xl reader does not, and
            // the name would reach xl's command lines and file names
            throw new VirtException(ErrorCode.XML_DETAIL, ErrorDomain.DOMAIN, "invalid char in name: 0x0a");
        }
        String uuid = conf.string("uuid");
        if (uuid == null) {
            m.uuid = UUID.randomUUID();
        } else {
            m.uuid = LibvirtUuids.parse(uuid);
            if (m.uuid == null) {
                throw xenError(ErrorCode.CONF_SYNTAX, uuid + " not parseable");
            }
        }
        String type = null;
        try {
            type = conf.string("type");
        } catch (VirtException e) {
            // libvirt reads "type" with the result ignored on a type error and falls back to "builder"
        }
        if (type != null) {
            switch (type) {
                case "pv" -> m.osType = "linux";
                case "pvh" -> m.osType = "xenpvh";
                case "hvm" -> m.osType = "hvm";
                default -> throw xenError(ErrorCode.CONFIG_UNSUPPORTED, "type " + type + " is not supported");
            }
        } else if ("hvm".equals(v.string("builder", "linux"))) {
            m.osType = "hvm";
        }
        m.machine = switch (m.osType) {
            case "hvm" -> "xenfv";
            case "xenpvh" -> "xenpvh";
            default -> "xenpv";
        };
    }

    private void memory() {
        long cur = v.ulong("memory", MIN_XEN_GUEST_SIZE * 2);
        long max = v.ulong("maxmem", cur);
        m.curKiB = cur * 1024;
        m.memKiB = max * 1024;
        if (Long.compareUnsigned(cur, Long.MAX_VALUE / 1024) > 0 || Long.compareUnsigned(max, Long.MAX_VALUE / 1024) > 0) {
            // libvirt's multiplication wraps around silently; the model would read a wrapped value
            throw new VirtException(ErrorCode.OVERFLOW, ErrorDomain.XEN, "memory size too large");
        }
    }

    private void events() {
        m.onPoweroff = lifecycle("on_poweroff", "destroy");
        m.onReboot = lifecycle("on_reboot", "restart");
        m.onCrash = lifecycle("on_crash", "restart");
    }

    private String lifecycle(String key, String def) {
        String s = v.string(key, def);
        switch (s) {
            case "destroy", "restart", "rename-restart", "preserve", "coredump-destroy", "coredump-restart" -> {
                return s;
            }
            default -> throw xenError(ErrorCode.INTERNAL_ERROR, "unexpected value " + s + " for " + key);
        }
    }

    private void cpus() {
        long count = v.ulong("vcpus", 1);
        checkVcpus(count);
        m.vcpusMax = count;
        m.vcpus = count;
        if (conf.get("maxvcpus") != null) {
            long max = v.ulong("maxvcpus", 0);
            checkVcpus(max);
            m.vcpusMax = max;
            if (max < m.vcpus) {
                m.vcpus = max;
            }
        }
        String cpus = v.string("cpus", null);
        if (cpus != null) {
            BitSet set = CpuSet.parse(cpus);
            if (set.length() > CPUS_BITMAP_LEN) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "Failed to parse bitmap '" + cpus + "'");
            }
            m.cpuset = CpuSet.format(set);
        }
    }

    private static void checkVcpus(long count) {
        if (Long.compareUnsigned(count, MAX_VCPUS) > 0) {
            throw xenError(ErrorCode.CONFIG_UNSUPPORTED, "vcpus count " + Long.toUnsignedString(count)
                + " is larger than the " + MAX_VCPUS + " jvirt supports");
        }
    }

    private void hypervisorFeatures() {
        String tsc = v.string("tsc_mode", null);
        if (tsc != null) {
            String mode = switch (tsc) {
                case "always_emulate" -> "emulate";
                case "native" -> "native";
                case "native_paravirt" -> "paravirt";
                default -> "auto";
            };
            m.timers.add(tag("timer", "name", "tsc", "present", "yes", "mode", mode));
        }
        String passthrough = v.string("passthrough", null);
        if (passthrough != null) {
            switch (passthrough) {
                case "disabled" -> m.xenFeatures.add(tag("passthrough", "state", "off"));
                case "enabled" -> m.xenFeatures.add(tag("passthrough", "state", "on"));
                case "sync_pt", "share_pt" -> m.xenFeatures.add(tag("passthrough", "state", "on", "mode", passthrough));
                default -> {
                    // libvirt reports "Invalid passthrough mode" and goes on converting: the error is lost
                }
            }
        }
        if (hvm()) {
            if (v.bool("pae", 1) != 0) {
                m.features.add("pae");
            }
            if (v.bool("acpi", 1) != 0) {
                m.features.add("acpi");
            }
            if (v.bool("apic", 1) != 0) {
                m.features.add("apic");
            }
            if (v.bool("hap", 1) == 0) {
                m.features.add("hap state='off'");
            }
            if (v.bool("viridian", 0) != 0) {
                m.features.add("viridian");
            }
            int hpet = v.bool("hpet", -1);
            if (hpet != -1) {
                m.timers.add(tag("timer", "name", "hpet", "present", hpet != 0 ? "yes" : "no"));
            }
        } else if (v.bool("e820_host", 0) != 0) {
            // libvirt writes the Xen features in its own order: e820_host before passthrough
            m.xenFeatures.add(0, tag("e820_host", "state", "on"));
        }
    }

    private void timeOffset() {
        int localtime = v.bool("localtime", 0);
        if (hvm()) {
            int adjustment = XlValues.toInt(v.ulong("rtc_timeoffset", 0));
            m.clock = tag("clock", false, "offset", "variable", "adjustment", Integer.toString(adjustment),
                "basis", localtime != 0 ? "localtime" : "utc");
        } else {
            m.clock = tag("clock", false, "offset", localtime != 0 ? "localtime" : "utc", "adjustment", "reset");
        }
    }

    private void vifs() {
        for (String entry : stringItems("vif")) {
            m.nets.add(vif(entry));
        }
    }

    /** The string items of list setting {@code key}, as libvirt walks them (other items skipped); none when it is no list. */
    private List<String> stringItems(String key) {
        List<String> out = new ArrayList<>();
        if (conf.get(key) instanceof VirConfValue.ListValue l) {
            for (VirConfValue item : l.values()) {
                if (item instanceof VirConfValue.Str s) {
                    out.add(s.value());
                }
            }
        }
        return out;
    }

    private static String vif(String entry) {
        String mac = null;
        String bridge = null;
        String script = null;
        String model = null;
        String type = null;
        String vifname = null;
        String ip = null;
        String rate = null;
        for (String keyval : entry.split(",", -1)) {
            int eq = keyval.indexOf('=');
            if (eq < 0) {
                throw unknownCause("vif entry '" + entry + "' has a parameter without '='");
            }
            String key = keyval.stripLeading();
            String val = keyval.substring(eq + 1);
            if (key.startsWith("mac=")) {
                mac = val;
            } else if (key.startsWith("bridge=")) {
                bridge = val;
            } else if (key.startsWith("script=")) {
                script = val;
            } else if (key.startsWith("model=")) {
                model = val;
            } else if (key.startsWith("type=")) {
                type = val;
            } else if (key.startsWith("vifname=")) {
                vifname = val;
            } else if (key.startsWith("ip=")) {
                ip = val;
            } else if (key.startsWith("rate=")) {
                rate = val;
            }
        }
        XmlText x = new XmlText();
        boolean isBridge = bridge != null || "vif-bridge".equals(script) || "vif-vnic".equals(script);
        x.open("interface", "type", isBridge ? "bridge" : "ethernet");
        if (mac != null) {
            String canonical = MacAddress.canonical(mac);
            if (canonical == null) {
                throw xenError(ErrorCode.INTERNAL_ERROR, "malformed mac address '" + mac + "'");
            }
            x.empty("mac", "address", canonical);
        }
        if (isBridge && bridge != null) {
            vifBridge(x, entry, bridge);
        }
        if (ip != null) {
            for (String addr : ip.split(" ", -1)) {
                x.empty("ip", "address", addr);
            }
        }
        if (script != null && !script.isEmpty()) {
            x.empty("script", "path", script);
        }
        if (vifname != null && !vifname.isEmpty()) {
            x.empty("target", "dev", vifname);
        }
        if (model != null) {
            x.empty("model", "type", model);
        } else if ("vif".equals(type)) {
            x.empty("model", "type", "netfront");
        }
        if (rate != null) {
            long kbytes = vifRate(rate);
            x.open("bandwidth").empty("outbound", "average", Long.toUnsignedString(kbytes)).close("bandwidth");
        }
        return x.close("interface").toString();
    }

    private static void vifBridge(XmlText x, String entry, String bridge) {
        int dot = bridge.indexOf('.');
        int colon = bridge.indexOf(':');
        List<Long> tags = new ArrayList<>();
        boolean trunk = false;
        String name;
        if (dot >= 0) {
            name = bridge.substring(0, dot);
            Long tag = LibvirtNumbers.ui(bridge.substring(dot + 1));
            if (tag == null) {
                throw unknownCause("vif entry '" + entry + "' has a malformed VLAN tag");
            }
            tags.add(tag);
        } else if (colon >= 0) {
            String[] parts = bridge.split(":", -1);
            name = parts[0];
            for (int i = 1; i < parts.length; i++) {
                Long tag = LibvirtNumbers.ui(parts[i]);
                if (tag == null) {
                    throw unknownCause("vif entry '" + entry + "' has a malformed VLAN trunk");
                }
                tags.add(tag);
            }
            trunk = true;
        } else {
            name = bridge;
        }
        x.empty("source", "bridge", name);
        if (!tags.isEmpty() || dot >= 0 || colon >= 0) {
            if (!tags.isEmpty()) {
                x.open("vlan", "trunk", trunk ? "yes" : null);
                for (Long t : tags) {
                    x.empty("tag", "id", Long.toString(t));
                }
                x.close("vlan");
            }
            x.empty("virtualport", "type", "openvswitch");
        }
    }

    /** xenParseSxprVifRate: "^[0-9]+[GMK]?[Bb]/s$" (before an optional '@'), in kilobytes per second. */
    private static long vifRate(String rate) {
        int at = rate.indexOf('@');
        String r = at >= 0 ? rate.substring(0, at) : rate;
        if (!r.matches("[0-9]+[GMK]?[Bb]/s")) {
            throw xenError(ErrorCode.INTERNAL_ERROR, "Invalid rate '" + rate + "' specified");
        }
        LibvirtNumbers.Unsigned u = LibvirtNumbers.ullPrefix(rate);
        if (u == null) {
            throw xenError(ErrorCode.INTERNAL_ERROR, "Failed to parse rate '" + rate + "'");
        }
        long tmp = u.value();
        String suffix = u.rest();
        if (suffix.startsWith("G")) {
            tmp *= 1024 * 1024;
        } else if (suffix.startsWith("M")) {
            tmp *= 1024;
        }
        if (suffix.startsWith("b") || suffix.length() > 1 && suffix.charAt(1) == 'b') {
            tmp = Long.divideUnsigned(tmp, 8);
        }
        return tmp;
    }

    private void pciList() {
        List<String> pcis;
        try {
            pcis = conf.stringList("pci", false);
        } catch (VirtException e) {
            // xenHandleConfGetValueStringListErrors: a value of the wrong type is ignored, a list of non-strings is not
            if (e.code() != ErrorCode.INTERNAL_ERROR) {
                throw e;
            }
            return;
        }
        if (pcis == null) {
            return;
        }
        for (String entry : pcis) {
            m.hostdevs.add(pci(entry));
        }
    }

    private static String pci(String entry) {
        String[] tokens = entry.split(":", 3);
        int next = 0;
        Integer domain = 0;
        if (tokens.length == 3) {
            domain = XlValues.hexInt(tokens[next++]);
        }
        if (domain == null || next >= tokens.length) {
            throw unknownCause("malformed PCI address '" + entry + "'");
        }
        Integer bus = XlValues.hexInt(tokens[next++]);
        if (bus == null || next >= tokens.length) {
            throw unknownCause("malformed PCI address '" + entry + "'");
        }
        String str = tokens[next];
        int dot = str.indexOf('.');
        if (dot < 0) {
            throw xenError(ErrorCode.INTERNAL_ERROR, "Malformed PCI address " + str);
        }
        Integer slot = XlValues.hexInt(str.substring(0, dot));
        String rest = str.substring(dot + 1);
        int comma = rest.indexOf(',');
        String options = comma >= 0 ? rest.substring(comma + 1) : null;
        Integer func = XlValues.hexInt(comma >= 0 ? rest.substring(0, comma) : rest);
        if (slot == null || func == null) {
            throw unknownCause("malformed PCI address '" + entry + "'");
        }
        String filtering = null;
        if (options != null) {
            for (String opt : options.split(",", -1)) {
                int eq = opt.indexOf('=');
                if (eq < 0) {
                    throw xenError(ErrorCode.INTERNAL_ERROR, "Malformed PCI options " + options);
                }
                if ("permissive".equals(opt.substring(0, eq))) {
                    Integer val = LibvirtNumbers.i(opt.substring(eq + 1));
                    if (val == null) {
                        throw unknownCause("malformed PCI option '" + opt + "'");
                    }
                    filtering = val != 0 ? "no" : "yes";
                }
            }
        }
        // the model checks the address's ranges (domain 0..0xffff, bus 0..0xff, slot 0..0x1f, function 0..7)
        XmlText x = new XmlText();
        x.open("hostdev", "mode", "subsystem", "type", "pci", "managed", "no");
        x.open("source", "writeFiltering", filtering);
        x.empty("address", "domain", hex(domain, 4), "bus", hex(bus, 2), "slot", hex(slot, 2), "function", "0x" + Integer.toHexString(func));
        return x.close("source").close("hostdev").toString();
    }

    private static String hex(int value, int width) {
        return "0x" + String.format("%0" + width + "x", value);
    }

    private void sound() {
        if (!hvm()) {
            return;
        }
        String str = v.string("soundhw", null);
        if (str == null) {
            return;
        }
        if ("all".equals(str)) {
            m.sounds.add(tag("sound", "model", "sb16"));
            m.sounds.add(tag("sound", "model", "es1370"));
            return;
        }
        for (String model : str.split(",", -1)) {
            if (model.isEmpty() && m.sounds.isEmpty() && str.isEmpty()) {
                return;
            }
            switch (model) {
                case "sb16", "es1370", "pcspk", "ac97", "ich6", "ich9", "usb", "ich7" -> m.sounds.add(tag("sound", "model", model));
                default -> throw unknownCause("unknown sound model '" + model + "'");
            }
        }
    }

    private void vfb() {
        if (hvm()) {
            if (v.bool("vnc", 0) != 0) {
                XmlText x = new XmlText();
                boolean autoport = v.bool("vncunused", 1) != 0;
                String port = "-1";
                if (!autoport) {
                    port = Integer.toString(XlValues.toInt(v.ulong("vncdisplay", 0)) + 5900);
                }
                String listen = v.string("vnclisten", null);
                String passwd = v.string("vncpasswd", null);
                String keymap = v.string("keymap", null);
                x.open("graphics", "type", "vnc", "port", port, "autoport", autoport ? "yes" : "no",
                    "keymap", keymap, "passwd", passwd);
                x.empty("listen", "type", "address", "address", listen);
                m.graphics = x.close("graphics").toString();
            } else if (v.bool("sdl", 0) != 0) {
                m.graphics = tag("graphics", "type", "sdl", "display", v.string("display", null),
                    "xauth", v.string("xauthority", null));
            }
            return;
        }
        List<String> vfbs;
        try {
            vfbs = conf.stringList("vfb", false);
        } catch (VirtException e) {
            if (e.code() != ErrorCode.INTERNAL_ERROR) {
                throw e;
            }
            return;
        }
        if (vfbs == null || vfbs.isEmpty()) {
            return;
        }
        String vfb = vfbs.get(0);
        if (vfb.length() >= MAX_VFB) {
            throw xenError(ErrorCode.INTERNAL_ERROR, "VFB " + vfb + " too big for destination");
        }
        boolean sdl = vfb.contains("type=sdl");
        boolean autoport = false;
        String listen = null;
        String passwd = null;
        String keymap = null;
        Integer port = null;
        String display = null;
        String xauth = null;
        int i = 0;
        while (i >= 0) {
            int comma = vfb.indexOf(',', i);
            String key = comma >= 0 ? vfb.substring(i, comma) : vfb.substring(i);
            if (key.indexOf('=') < 0) {
                break;
            }
            if (!sdl) {
                if (key.startsWith("vncunused=")) {
                    autoport = autoport || "1".equals(key.substring(10));
                } else if (key.startsWith("vnclisten=")) {
                    listen = key.substring(10);
                } else if (key.startsWith("vncpasswd=")) {
                    passwd = key.substring(10);
                } else if (key.startsWith("keymap=")) {
                    keymap = key.substring(7);
                } else if (key.startsWith("vncdisplay=")) {
                    Integer d = LibvirtNumbers.i(key.substring(11));
                    if (d == null) {
                        throw xenError(ErrorCode.INTERNAL_ERROR, "invalid vncdisplay value '" + key.substring(11) + "'");
                    }
                    port = d + 5900;
                }
            } else if (key.startsWith("display=")) {
                display = key.substring(8);
            } else if (key.startsWith("xauthority=")) {
                xauth = key.substring(11);
            }
            if (comma < 0) {
                break;
            }
            i = comma + 1;
            while (i < vfb.length() && (vfb.charAt(i) == ',' || vfb.charAt(i) == ' ' || vfb.charAt(i) == '\t')) {
                i++;
            }
            if (i >= vfb.length()) {
                break;
            }
        }
        if (sdl) {
            m.graphics = tag("graphics", "type", "sdl", "display", display, "xauth", xauth);
        } else {
            XmlText x = new XmlText();
            x.open("graphics", "type", "vnc", "port", autoport ? "-1" : Integer.toString(port == null ? 0 : port),
                "autoport", autoport ? "yes" : "no", "keymap", keymap, "passwd", passwd);
            x.empty("listen", "type", "address", "address", listen);
            m.graphics = x.close("graphics").toString();
        }
    }

    private void charDevs() {
        if (!hvm()) {
            m.consoles.add("<console type='pty'><target type='xen' port='0'/></console>");
            return;
        }
        String parallel = v.string("parallel", null);
        if (parallel != null && !"none".equals(parallel)) {
            m.parallels.add(XlChars.parse(parallel, "parallel", 0));
        }
        List<String> serials;
        try {
            serials = conf.stringList("serial", false);
        } catch (VirtException e) {
            if (e.code() != ErrorCode.INTERNAL_ERROR) {
                throw e;
            }
            serials = null;
        }
        if (serials != null) {
            int port = -1;
            for (String s : serials) {
                port++;
                if (!"none".equals(s)) {
                    m.serials.add(XlChars.parse(s, "serial", port));
                }
            }
            return;
        }
        String serial = v.string("serial", null);
        if (serial != null && !"none".equals(serial)) {
            m.serials.add(XlChars.parse(serial, "serial", 0));
        }
    }

    private void xlOs() {
        XmlText os = new XmlText();
        if (hvm()) {
            String bios = v.string("bios", null);
            String biosPath = v.string("bios_path_override", null);
            if ("ovmf".equals(bios)) {
                os.text("loader", biosPath != null ? biosPath : XenDefaults.FIRMWARE_DIR + "/ovmf.bin",
                    "readonly", "yes", "type", "pflash");
            } else {
                os.text("loader", XenDefaults.HVMLOADER, "type", "rom");
            }
            String slic = v.string("acpi_firmware", null);
            directKernel(os);
            if (slic != null) {
                os.open("acpi").text("table", slic, "type", "slic").close("acpi");
            }
            String boot = v.string("boot", "c");
            for (int i = 0; i < 4 && i < boot.length(); i++) {
                os.empty("boot", "dev", switch (boot.charAt(i)) {
                    case 'a' -> "fd";
                    case 'd' -> "cdrom";
                    case 'n' -> "network";
                    default -> "hd";
                });
            }
            int nested = v.bool("nestedhvm", -1);
            if (nested != -1) {
                m.cpu = "host-passthrough";
                if (nested == 0) {
                    m.cpuFeatures.add(tag("feature", "policy", "disable", "name", "vmx"));
                }
            }
        } else {
            m.bootloader = v.string("bootloader", null);
            m.bootloaderArgs = v.string("bootargs", null);
            directKernel(os);
        }
        m.os = os.toString();
    }

    /** kernel, ramdisk and the command line: direct kernel boot, HVM and PV alike. */
    private void directKernel(XmlText os) {
        String kernel = v.string("kernel", null);
        String ramdisk = v.string("ramdisk", null);
        String cmdline = cmdline();
        if (kernel != null) {
            os.text("kernel", kernel);
        }
        if (ramdisk != null) {
            os.text("initrd", ramdisk);
        }
        if (cmdline != null) {
            os.text("cmdline", cmdline);
        }
    }

    private String cmdline() {
        String cmdline = v.string("cmdline", null);
        String root = v.string("root", null);
        String extra = v.string("extra", null);
        if (cmdline != null) {
            return cmdline;
        }
        if (root != null && extra != null) {
            return "root=" + root + " " + extra;
        }
        if (root != null) {
            return "root=" + root;
        }
        return extra;
    }

    private void vnuma() {
        m.numa = XlNuma.parse(conf.get("vnuma"), m);
    }

    /** Called by XlNuma: libvirt's vnuma parse replaces the CPU definition and may set the maximum vCPUs. */
    static void numaResult(Object model, long vcpus) {
        Model mm = (Model) model;
        if (mm.vcpusMax == 0) {
            mm.vcpusMax = vcpus;
        }
        if (mm.vcpusMax < vcpus) {
            throw xlError(ErrorCode.CONFIG_UNSUPPORTED, "vnuma configuration contains " + vcpus
                + " vcpus, which is greater than " + mm.vcpusMax + " maxvcpus");
        }
        // def->cpu = a new guest CPU without mode: the nestedhvm settings are gone
        mm.cpu = "";
        mm.cpuFeatures.clear();
    }

    private void xenbusLimits() {
        long events = v.ulong("max_event_channels", 0);
        long frames = v.ulong("max_grant_frames", 0);
        // libvirt stores both in unsigned ints
        m.xenbus = tag("controller", "type", "xenbus", "index", "0",
            "maxEventChannels", events != 0 ? Integer.toUnsignedString((int) events) : null,
            "maxGrantFrames", frames != 0 ? Integer.toUnsignedString((int) frames) : null);
    }

    private void cpuid() {
        String cpuid = v.string("cpuid", null);
        if (cpuid == null) {
            return;
        }
        if (m.cpu == null) {
            m.cpu = "host-passthrough";
        }
        if (cpuid.isEmpty()) {
            return;
        }
        String[] pairs = cpuid.split(",", -1);
        if (!"host".equals(pairs[0])) {
            throw xlError(ErrorCode.CONF_SYNTAX, "cpuid starting with " + pairs[0] + " is not supported, only libxl format is");
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i < pairs.length; i++) {
            int eq = pairs[i].indexOf('=');
            if (eq < 0) {
                throw xlError(ErrorCode.CONF_SYNTAX, "Invalid libxl cpuid key=value element: " + pairs[i]);
            }
            String policy = switch (pairs[i].substring(eq + 1)) {
                case "1" -> "force";
                case "0" -> "disable";
                case "x", "k", "s" -> "optional";
                default -> throw xlError(ErrorCode.CONF_SYNTAX, "Invalid libxl cpuid value: " + pairs[i]);
            };
            String name = XlCpuFeatures.fromLibxl(pairs[i].substring(0, eq));
            if (names.contains(name)) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.CPU,
                    "CPU feature '" + name + "' specified more than once");
            }
            names.add(name);
            m.cpuFeatures.add(tag("feature", "policy", policy, "name", name));
        }
    }

    private void disks() {
        for (String entry : stringItems("disk")) {
            XlDiskSpec spec = XlDiskSpec.parse(entry);
            m.disks.add(XlDisks.toXml(spec, hvm()));
            String bus = XlDisks.bus(spec, hvm());
            int[] addr = XlDisks.address(spec.vdev, bus);
            if (addr != null && "ide".equals(bus)) {
                m.maxIde = Math.max(m.maxIde, addr[0]);
            } else if (addr != null) {
                m.maxScsi = Math.max(m.maxScsi, addr[0]);
            }
        }
    }

    private void spice() {
        if (!hvm() || v.bool("spice", 0) == 0) {
            return;
        }
        String host = v.string("spicehost", null);
        int tlsPort = XlValues.toInt(v.ulong("spicetls_port", 0));
        int port = XlValues.toInt(v.ulong("spiceport", 0));
        boolean autoport = tlsPort == 0 && port == 0;
        String passwd = null;
        if (v.bool("spicedisable_ticketing", 0) == 0) {
            passwd = v.required("spicepasswd");
        }
        String mouse = v.bool("spiceagent_mouse", 0) != 0 ? "client" : "server";
        String copypaste = v.bool("spice_clipboard_sharing", 0) != 0 ? "yes" : "no";
        XmlText x = new XmlText();
        x.open("graphics", "type", "spice", "port", autoport ? null : Integer.toString(port),
            "tlsPort", autoport ? null : Integer.toString(tlsPort), "autoport", autoport ? "yes" : "no", "passwd", passwd);
        x.empty("listen", "type", "address", "address", host);
        x.empty("mouse", "mode", mouse);
        x.empty("clipboard", "copypaste", copypaste);
        // libvirt replaces a VNC display read before
        m.graphics = x.close("graphics").toString();
    }

    private void inputDevs() {
        if (!hvm()) {
            return;
        }
        VirConfValue val = conf.get("usbdevice");
        if (val == null) {
            return;
        }
        List<VirConfValue> items = val instanceof VirConfValue.ListValue l ? l.values() : List.of(val);
        for (VirConfValue item : items) {
            if (!(item instanceof VirConfValue.Str s)) {
                throw XlValues.malformed("usbdevice");
            }
            switch (s.value()) {
                case "tablet", "mouse" -> m.inputs.add(tag("input", "type", s.value(), "bus", "usb"));
                case "keyboard" -> m.inputs.add(tag("input", "type", "keyboard", "bus", "usb"));
                default -> {
                }
            }
        }
    }

    private void usbDevs() {
        for (String entry : stringItems("usbdev")) {
            XlParams params = XlParams.of(entry);
            if (params == null) {
                continue;
            }
            String bus = "";
            String device = "";
            for (XlParams.Param p : params.params()) {
                switch (p.key()) {
                    case "hostbus" -> bus = p.value();
                    case "hostaddr" -> device = p.value();
                    default -> {
                    }
                }
            }
            // libvirt copies each into a 3-byte buffer (too long: skipped) and reads it as hex
            Integer b = bus.length() > 2 ? null : XlValues.hexInt(bus);
            Integer d = device.length() > 2 ? null : XlValues.hexInt(device);
            if (b == null || d == null) {
                continue;
            }
            m.hostdevs.add("<hostdev mode='subsystem' type='usb' managed='no'><source>"
                + tag("address", "bus", Integer.toString(b), "device", Integer.toString(d)) + "</source></hostdev>");
        }
    }

    private void usbControllers() {
        int index = 0;
        for (String entry : stringItems("usbctrl")) {
            XlParams params = XlParams.of(entry);
            String type = "";
            Integer version = 2;
            Integer ports = 8;
            // libvirt copies each value into a small buffer: one too long gives the entry up, as a bad number does
            for (XlParams.Param p : params == null ? List.<XlParams.Param>of() : params.params()) {
                String data = p.value();
                switch (p.key()) {
                    case "type" -> type = data.length() > 7 ? null : data;
                    case "version" -> version = data.length() > 3 ? null : XlValues.hexInt(data);
                    case "ports" -> ports = data.length() > 3 ? null : XlValues.hexInt(data);
                    default -> {
                    }
                }
                if (type == null || version == null || ports == null) {
                    break;
                }
            }
            if (params == null || type == null || version == null || ports == null
                    || !type.isEmpty() && !type.startsWith("qusb")) {
                continue;
            }
            m.controllers.add(tag("controller", "type", "usb", "index", Integer.toString(index++),
                "model", version == 1 ? "qusb1" : "qusb2", "ports", Integer.toString(ports)));
        }
    }

    private void channels() {
        for (String entry : stringItems("channel")) {
            XlParams params = XlParams.of(entry);
            if (params == null) {
                continue;
            }
            String type = null;
            String name = null;
            String path = null;
            boolean tooLong = false;
            for (XlParams.Param p : params.params()) {
                String data = p.value();
                if (p.key().equals("connection")) {
                    // copied into a 10-byte buffer: longer gives the entry up
                    tooLong = data.length() > 9;
                    if (tooLong) {
                        break;
                    }
                    type = data;
                } else if (name == null && p.key().equals("name")) {
                    name = data;
                } else if (path == null && p.key().equals("path")) {
                    path = data;
                }
            }
            if (tooLong) {
                continue;
            }
            XmlText x = new XmlText();
            if (type != null && type.startsWith("socket")) {
                x.open("channel", "type", "unix").empty("source", "mode", "bind", "path", path);
            } else if (type != null && type.startsWith("pty")) {
                x.open("channel", "type", "pty");
            } else {
                throw unknownCause("channel '" + entry + "' has no connection=socket or pty");
            }
            x.empty("target", "type", "xen", "name", name);
            m.channels.add(x.close("channel").toString());
        }
    }

    private void namespaceData() {
        m.dmArgs.addAll(stringItems("device_model_args"));
    }

    private String write() {
        XmlText x = new XmlText();
        x.open("domain", "type", "xen", "xmlns:xen", m.dmArgs.isEmpty() ? null : XenDefaults.XEN_NS);
        x.text("name", m.name);
        x.text("uuid", m.uuid);
        x.text("memory", Long.toUnsignedString(m.memKiB), "unit", "KiB");
        x.text("currentMemory", Long.toUnsignedString(m.curKiB), "unit", "KiB");
        x.text("vcpu", Long.toString(m.vcpusMax), "placement", "static", "cpuset", m.cpuset,
            "current", m.vcpus != m.vcpusMax ? Long.toString(m.vcpus) : null);
        if (m.bootloader != null) {
            x.text("bootloader", m.bootloader);
        }
        if (m.bootloaderArgs != null) {
            x.text("bootloader_args", m.bootloaderArgs);
        }
        x.open("os");
        x.text("type", m.osType, "arch", "x86_64", "machine", m.machine);
        x.raw(m.os);
        x.close("os");
        if (!m.features.isEmpty() || !m.xenFeatures.isEmpty()) {
            x.open("features");
            for (String f : m.features) {
                x.raw("<" + f + "/>");
            }
            if (!m.xenFeatures.isEmpty()) {
                x.open("xen");
                m.xenFeatures.forEach(x::raw);
                x.close("xen");
            }
            x.close("features");
        }
        if (m.cpu != null) {
            x.open("cpu", "mode", m.cpu.isEmpty() ? null : m.cpu);
            m.cpuFeatures.forEach(x::raw);
            if (m.numa != null) {
                x.raw(m.numa);
            }
            x.close("cpu");
        }
        x.raw(m.clock);
        m.timers.forEach(x::raw);
        x.close("clock");
        x.text("on_poweroff", m.onPoweroff);
        x.text("on_reboot", m.onReboot);
        x.text("on_crash", m.onCrash);
        x.open("devices");
        if (m.emulator != null) {
            x.text("emulator", m.emulator);
        }
        m.disks.forEach(x::raw);
        x.raw(m.xenbus);
        m.controllers.forEach(x::raw);
        // virDomainDefAddImplicitControllers: the disk controllers the drive addresses name, SCSI before IDE
        for (int i = 0; i <= m.maxScsi; i++) {
            x.empty("controller", "type", "scsi", "index", Integer.toString(i));
        }
        for (int i = 0; i <= m.maxIde; i++) {
            x.empty("controller", "type", "ide", "index", Integer.toString(i));
        }
        m.nets.forEach(x::raw);
        m.sounds.forEach(x::raw);
        m.hostdevs.forEach(x::raw);
        m.inputs.forEach(x::raw);
        if (m.graphics != null) {
            x.raw(m.graphics);
            // virDomainDefAddImplicitVideo, typed and sized by libxl's device post-parse (qemu-xen's sizes)
            x.raw(hvm() ? "<video><model type='cirrus' vram='8192' heads='1'/></video>"
                : "<video><model type='xen' heads='1'/></video>");
        }
        m.parallels.forEach(x::raw);
        m.serials.forEach(x::raw);
        m.consoles.forEach(x::raw);
        m.channels.forEach(x::raw);
        x.close("devices");
        if (!m.dmArgs.isEmpty()) {
            x.open("xen:commandline");
            for (String a : m.dmArgs) {
                x.empty("xen:arg", "value", a);
            }
            x.close("xen:commandline");
        }
        return x.close("domain").toString();
    }

    static String tag(String name, String... attrs) {
        return new XmlText().empty(name, attrs).toString();
    }

    /** An opening tag only ({@code close} false). */
    static String tag(String name, boolean close, String... attrs) {
        return new XmlText().open(name, close, attrs).toString();
    }
}
