package io.jvirt.driver.xen;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.core.kit.conf.VirConf;
import io.jvirt.core.kit.conf.VirConfValue;

/**
 * A domain definition to xl.cfg, setting by setting in the order libvirt's xenFormatXL writes them
 * (xenFormatConfigCommon, then the xl-only parts), with its checks and words. It walks the
 * definition as the domain model formats it (libvirt's own XML), so every element it reads is
 * libvirt's. What xl cannot express is refused with CONFIG_UNSUPPORTED naming the element, where
 * libvirt would silently drop it.
 */
final class DomainToXl {

    /** xen_common.h's DEFAULT_VIF_SCRIPT. */
    private static final String DEFAULT_VIF_SCRIPT = "vif-bridge";

    /** The devices xl.cfg has settings for (video and the implicit inputs have none, and are dropped as libvirt drops them). */
    private static final Set<String> DEVICES = Set.of("emulator", "disk", "controller", "interface", "input",
        "graphics", "video", "sound", "hostdev", "serial", "parallel", "console", "channel", "memballoon");

    private final Element dom;
    private final VirConf conf = new VirConf();
    private final boolean hvm;
    private final String osType;

    private DomainToXl(Element dom) {
        this.dom = dom;
        this.osType = text(child(child(dom, "os"), "type"));
        this.hvm = "hvm".equals(osType);
    }

    static VirConf format(DomainDef def) {
        return new DomainToXl(parse(DomainXml.format(def, -1, true))).convert();
    }

    private static Element parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (Exception e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.XENXL, "cannot read the formatted domain: " + e.getMessage());
        }
    }

    static VirtException unsupported(String info) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.XEN, info);
    }

    private VirConf convert() {
        Element devices = child(dom, "devices");
        for (Element d : children(devices, null)) {
            if (!DEVICES.contains(d.getLocalName())) {
                throw unsupported("xen-xl cannot express the device <" + d.getLocalName() + ">");
            }
        }
        conf.set("name", text(child(dom, "name")));
        conf.set("uuid", text(child(dom, "uuid")));
        memory();
        cpuAllocation();
        hypervisorFeatures();
        timeOffset();
        events();
        String emulator = text(child(devices, "emulator"));
        setIfPresent("device_model_override", emulator);
        List<Element> graphics = children(devices, "graphics");
        checkGraphics(graphics);
        vfb(graphics);
        vifs(devices);
        pci(devices);
        charDevs(devices);
        sound(devices);
        xlOs();
        cpuid();
        vnuma();
        xenbusLimits(devices);
        disks(devices);
        spice(graphics);
        inputDevs(devices);
        usb(devices);
        usbControllers(devices);
        channels(devices);
        namespaceData();
        return conf;
    }

    private void memory() {
        long total = kib(child(dom, "memory"));
        long cur = kib(child(dom, "currentMemory"));
        conf.set("maxmem", Long.divideUnsigned(total + 1023, 1024));
        conf.set("memory", Long.divideUnsigned(cur + 1023, 1024));
    }

    private static long kib(Element e) {
        // the model writes memory in KiB
        Long v = e == null ? null : LibvirtNumbers.ull(text(e));
        return v == null ? 0 : v;
    }

    private void cpuAllocation() {
        Element vcpu = child(dom, "vcpu");
        long max = Long.parseLong(text(vcpu));
        String current = vcpu.getAttribute("current");
        long cur = current.isEmpty() ? max : Long.parseLong(current);
        if (cur < max) {
            conf.set("maxvcpus", max);
        }
        conf.set("vcpus", cur);
        String cpuset = vcpu.getAttribute("cpuset");
        if (!cpuset.isEmpty()) {
            conf.set("cpus", cpuset);
        }
    }

    private Element features() {
        return child(dom, "features");
    }

    private boolean featureOn(String name) {
        Element f = child(features(), name);
        return f != null && !"off".equals(f.getAttribute("state"));
    }

    private void hypervisorFeatures() {
        Element xen = child(features(), "xen");
        if (hvm) {
            conf.set("pae", featureOn("pae") ? 1 : 0);
            conf.set("acpi", featureOn("acpi") ? 1 : 0);
            conf.set("apic", featureOn("apic") ? 1 : 0);
            Element hap = child(features(), "hap");
            if (hap != null && "off".equals(hap.getAttribute("state"))) {
                conf.set("hap", 0);
            }
            conf.set("viridian", featureOn("viridian") ? 1 : 0);
        } else if (xen != null) {
            Element e820 = child(xen, "e820_host");
            if (e820 != null && "on".equals(e820.getAttribute("state"))) {
                conf.set("e820_host", 1);
            }
        }
        Element pt = xen == null ? null : child(xen, "passthrough");
        if (pt != null && "on".equals(pt.getAttribute("state"))) {
            String mode = pt.getAttribute("mode");
            conf.set("passthrough", "sync_pt".equals(mode) || "share_pt".equals(mode) ? mode : "enabled");
        }
        for (Element t : children(child(dom, "clock"), "timer")) {
            String name = t.getAttribute("name");
            if ("tsc".equals(name)) {
                String mode = t.getAttribute("mode");
                conf.set("tsc_mode", switch (mode) {
                    case "native" -> "native";
                    case "paravirt" -> "native_paravirt";
                    case "emulate" -> "always_emulate";
                    default -> "default";
                });
            } else if ("hpet".equals(name) && hvm) {
                conf.set("hpet", "no".equals(t.getAttribute("present")) ? 0 : 1);
            } else {
                throw unsupported("unsupported timer type (name) '" + name + "'");
            }
        }
    }

    private void timeOffset() {
        Element clock = child(dom, "clock");
        String offset = clock == null ? "utc" : clock.getAttribute("offset");
        boolean reset = clock != null && "reset".equals(clock.getAttribute("adjustment"));
        int localtime;
        if (hvm) {
            long adjustment = 0;
            switch (offset) {
                case "variable" -> {
                    localtime = "localtime".equals(clock.getAttribute("basis")) ? 1 : 0;
                    String adj = clock.getAttribute("adjustment");
                    adjustment = adj.isEmpty() ? 0 : Long.parseLong(adj);
                }
                case "utc", "localtime" -> {
                    if (reset) {
                        throw unsupported("unsupported clock adjustment='reset'");
                    }
                    localtime = "localtime".equals(offset) ? 1 : 0;
                }
                default -> throw unsupported("unsupported clock offset='" + offset + "'");
            }
            if ((int) adjustment != adjustment) {
                throw new VirtException(ErrorCode.OVERFLOW, ErrorDomain.XEN, "failed to store " + adjustment + " to rtc_timeoffset");
            }
            conf.set("rtc_timeoffset", adjustment);
        } else {
            localtime = switch (offset) {
                case "utc" -> 0;
                case "localtime" -> 1;
                default -> throw unsupported("unsupported clock offset='" + offset + "'");
            };
        }
        conf.set("localtime", localtime);
    }

    private void events() {
        conf.set("on_poweroff", orDefault(text(child(dom, "on_poweroff")), "destroy"));
        conf.set("on_reboot", orDefault(text(child(dom, "on_reboot")), "restart"));
        conf.set("on_crash", orDefault(text(child(dom, "on_crash")), "destroy"));
    }

    private void checkGraphics(List<Element> graphics) {
        if (graphics.size() > 1) {
            throw unsupported("xen-xl cannot express more than one <graphics> device");
        }
        for (Element g : graphics) {
            String type = g.getAttribute("type");
            if (!"vnc".equals(type) && !"sdl".equals(type) && !("spice".equals(type) && hvm)) {
                throw unsupported("xen-xl cannot express <graphics type='" + type + "'>" + (hvm ? "" : " for a PV guest"));
            }
        }
    }

    private static String listenAddress(Element g) {
        Element listen = child(g, "listen");
        String a = listen == null ? "" : listen.getAttribute("address");
        return a.isEmpty() ? null : a;
    }

    private void vfb(List<Element> graphics) {
        if (graphics.size() != 1 || "spice".equals(graphics.get(0).getAttribute("type"))) {
            return;
        }
        Element g = graphics.get(0);
        boolean sdl = "sdl".equals(g.getAttribute("type"));
        boolean autoport = "yes".equals(g.getAttribute("autoport"));
        String port = g.getAttribute("port");
        String display = attr(g, "display");
        String xauth = attr(g, "xauth");
        String listen = listenAddress(g);
        String passwd = attr(g, "passwd");
        String keymap = attr(g, "keymap");
        if (hvm) {
            if (sdl) {
                conf.set("sdl", 1).set("vnc", 0);
                setIfPresent("display", display);
                setIfPresent("xauthority", xauth);
            } else {
                conf.set("sdl", 0).set("vnc", 1).set("vncunused", autoport ? 1 : 0);
                if (!autoport) {
                    conf.set("vncdisplay", vncDisplay(port));
                }
                setIfPresent("vnclisten", listen);
                setIfPresent("vncpasswd", passwd);
                setIfPresent("keymap", keymap);
            }
            return;
        }
        StringBuilder vfb = new StringBuilder();
        if (sdl) {
            vfb.append("type=sdl");
            if (display != null) {
                vfb.append(",display=").append(field("display", display));
            }
            if (xauth != null) {
                vfb.append(",xauthority=").append(field("xauth", xauth));
            }
        } else {
            vfb.append("type=vnc,vncunused=").append(autoport ? 1 : 0);
            if (!autoport) {
                vfb.append(",vncdisplay=").append(vncDisplay(port));
            }
            if (listen != null) {
                vfb.append(",vnclisten=").append(field("listen", listen));
            }
            if (passwd != null) {
                vfb.append(",vncpasswd=").append(field("passwd", passwd));
            }
            if (keymap != null) {
                vfb.append(",keymap=").append(field("keymap", keymap));
            }
        }
        conf.set("vfb", VirConfValue.ofStrings(List.of(vfb.toString())));
    }

    private static long vncDisplay(String port) {
        return (port.isEmpty() ? 0 : Long.parseLong(port)) - 5900;
    }

    /**
     * A value written into one of xl's comma-separated settings: a ',' would end it and start
     * another setting of the writer's choosing, which libvirt lets through; refused here.
     */
    private static String field(String what, String value) {
        if (value.indexOf(',') >= 0) {
            throw unsupported("xen-xl cannot express a " + what + " holding ',': '" + value + "'");
        }
        return value;
    }

    private void vifs(Element devices) {
        List<VirConfValue> vifs = new ArrayList<>();
        for (Element net : children(devices, "interface")) {
            vifs.add(VirConfValue.of(vif(net)));
        }
        if (!vifs.isEmpty()) {
            conf.set("vif", new VirConfValue.ListValue(vifs));
        }
    }

    private String vif(Element net) {
        StringBuilder sb = new StringBuilder();
        Element mac = child(net, "mac");
        sb.append("mac=").append(mac == null ? "00:00:00:00:00:00" : mac.getAttribute("address"));
        String type = net.getAttribute("type");
        String script = attr(child(net, "script"), "path");
        switch (type) {
            case "bridge" -> {
                Element source = child(net, "source");
                sb.append(",bridge=").append(field("bridge", source.getAttribute("bridge")));
                Element vport = child(net, "virtualport");
                if (vport != null && "openvswitch".equals(vport.getAttribute("type"))) {
                    if (script == null) {
                        script = "vif-openvswitch";
                    }
                    Element vlan = child(net, "vlan");
                    List<Element> tags = children(vlan, "tag");
                    if (!tags.isEmpty()) {
                        if ("yes".equals(vlan.getAttribute("trunk"))) {
                            for (Element t : tags) {
                                sb.append(':').append(t.getAttribute("id"));
                            }
                        } else {
                            sb.append('.').append(tags.get(0).getAttribute("id"));
                        }
                    }
                }
                ips(net, sb);
                sb.append(",script=").append(field("script", script != null ? script : DEFAULT_VIF_SCRIPT));
            }
            case "ethernet" -> {
                if (script != null) {
                    sb.append(",script=").append(field("script", script));
                }
                ips(net, sb);
            }
            case "network" -> throw new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.XEN,
                child(net, "source").getAttribute("network"));
            default -> throw unsupported("Unsupported net type '" + type + "'");
        }
        String model = attr(child(net, "model"), "type");
        if (model != null) {
            if (hvm && "netfront".equals(model)) {
                sb.append(",type=vif");
            } else {
                sb.append(",model=").append(field("model", model));
            }
        }
        String ifname = attr(child(net, "target"), "dev");
        if (ifname != null) {
            sb.append(",vifname=").append(field("target dev", ifname));
        }
        String average = attr(child(child(net, "bandwidth"), "outbound"), "average");
        if (average != null && !"0".equals(average)) {
            sb.append(",rate=").append(average).append("KB/s");
        }
        return sb.toString();
    }

    private static void ips(Element net, StringBuilder sb) {
        List<String> ips = new ArrayList<>();
        for (Element ip : children(net, "ip")) {
            ips.add(ip.getAttribute("address"));
        }
        if (!ips.isEmpty()) {
            sb.append(",ip=").append(field("ip", String.join(" ", ips)));
        }
    }

    private void pci(Element devices) {
        List<String> pcis = new ArrayList<>();
        for (Element h : children(devices, "hostdev")) {
            String type = h.getAttribute("type");
            if (!"subsystem".equals(h.getAttribute("mode")) || !"pci".equals(type) && !"usb".equals(type)) {
                throw unsupported("xen-xl cannot express <hostdev mode='" + h.getAttribute("mode") + "' type='" + type + "'>");
            }
            if (!"pci".equals(type)) {
                continue;
            }
            Element source = child(h, "source");
            Element a = child(source, "address");
            String permissive = switch (source.getAttribute("writeFiltering")) {
                case "yes" -> ",permissive=0";
                case "no" -> ",permissive=1";
                default -> "";
            };
            pcis.add(String.format("%04x:%02x:%02x.%x%s", hex(a, "domain"), hex(a, "bus"), hex(a, "slot"),
                hex(a, "function"), permissive));
        }
        if (!pcis.isEmpty()) {
            conf.set("pci", VirConfValue.ofStrings(pcis));
        }
    }

    private static int hex(Element a, String name) {
        String v = a.getAttribute(name);
        if (v.isEmpty()) {
            return 0;
        }
        return v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
    }

    private void charDevs(Element devices) {
        if (!hvm) {
            return;
        }
        List<Element> parallels = children(devices, "parallel");
        conf.set("parallel", parallels.isEmpty() ? "none" : chr(parallels.get(0)));
        List<Element> serials = children(devices, "serial");
        if (serials.isEmpty()) {
            conf.set("serial", "none");
        } else if (serials.size() == 1 && port(serials.get(0)) == 0) {
            conf.set("serial", chr(serials.get(0)));
        } else {
            int max = -1;
            for (Element s : serials) {
                max = Math.max(max, port(s));
            }
            if (max > 4096) {
                throw unsupported("xen-xl cannot express a serial port number as high as " + max);
            }
            List<String> out = new ArrayList<>();
            for (int p = 0; p <= max; p++) {
                String value = "none";
                for (Element s : serials) {
                    if (port(s) == p) {
                        value = chr(s);
                        break;
                    }
                }
                out.add(value);
            }
            conf.set("serial", VirConfValue.ofStrings(out));
        }
    }

    private static int port(Element chr) {
        String p = attr(child(chr, "target"), "port");
        return p == null ? 0 : Integer.parseInt(p);
    }

    /** xenFormatSxprChr. */
    private static String chr(Element c) {
        String type = c.getAttribute("type");
        List<Element> sources = children(c, "source");
        Element src = sources.isEmpty() ? null : sources.get(0);
        switch (type) {
            case "null", "stdio", "vc", "pty" -> {
                return type;
            }
            case "file", "pipe" -> {
                return type + ":" + attr(src, "path");
            }
            case "dev" -> {
                return attr(src, "path");
            }
            case "tcp" -> {
                String protocol = attr(child(c, "protocol"), "type");
                return ("raw".equals(protocol) || protocol == null ? "tcp" : "telnet") + ":" + orDefault(attr(src, "host"), "")
                    + ":" + orDefault(attr(src, "service"), "") + ("bind".equals(attr(src, "mode")) ? ",server,nowait" : "");
            }
            case "udp" -> {
                Element connect = null;
                Element bind = null;
                for (Element s : sources) {
                    if ("bind".equals(s.getAttribute("mode"))) {
                        bind = s;
                    } else {
                        connect = s;
                    }
                }
                return "udp:" + orDefault(attr(connect, "host"), "") + ":" + orDefault(attr(connect, "service"), "") + "@"
                    + orDefault(attr(bind, "host"), "") + ":" + orDefault(attr(bind, "service"), "");
            }
            case "unix" -> {
                return "unix:" + attr(src, "path") + ("bind".equals(attr(src, "mode")) ? ",server,nowait" : "");
            }
            default -> throw unsupported("unsupported chr device type '" + type + "'");
        }
    }

    private void sound(Element devices) {
        List<Element> sounds = children(devices, "sound");
        if (!hvm || sounds.isEmpty()) {
            if (!sounds.isEmpty()) {
                throw unsupported("xen-xl cannot express <sound> for a PV guest");
            }
            return;
        }
        List<String> models = new ArrayList<>();
        for (Element s : sounds) {
            models.add(s.getAttribute("model"));
        }
        conf.set("soundhw", String.join(",", models));
    }

    private void xlOs() {
        Element os = child(dom, "os");
        String kernel = text(child(os, "kernel"));
        String initrd = text(child(os, "initrd"));
        String cmdline = text(child(os, "cmdline"));
        if (hvm) {
            conf.set("builder", "hvm");
            Element loader = child(os, "loader");
            if (loader != null && "pflash".equals(loader.getAttribute("type"))) {
                conf.set("bios", "ovmf");
                // libvirt 10.7 writes bios="ovmf" alone (its parser fills in the default firmware); later
                // versions also name the loader's path: written where it is not that default, so both read it back
                String path = text(loader);
                if (path != null && !path.equals(XenDefaults.FIRMWARE_DIR + "/ovmf.bin")) {
                    conf.set("bios_path_override", path);
                }
            }
            Element table = child(child(os, "acpi"), "table");
            if (table != null && text(table) != null) {
                conf.set("acpi_firmware", text(table));
            }
            setIfPresent("kernel", kernel);
            setIfPresent("ramdisk", initrd);
            setIfPresent("cmdline", cmdline);
            StringBuilder boot = new StringBuilder();
            for (Element b : children(os, "boot")) {
                boot.append(switch (b.getAttribute("dev")) {
                    case "fd" -> 'a';
                    case "cdrom" -> 'd';
                    case "network" -> 'n';
                    default -> 'c';
                });
            }
            conf.set("boot", boot.length() == 0 ? "c" : boot.toString());
            Element cpu = child(dom, "cpu");
            if (cpu != null && "host-passthrough".equals(cpu.getAttribute("mode"))) {
                boolean hwVirt = true;
                for (Element f : children(cpu, "feature")) {
                    String policy = f.getAttribute("policy");
                    String name = f.getAttribute("name");
                    if (("disable".equals(policy) || "forbid".equals(policy)) && ("vmx".equals(name) || "svm".equals(name))) {
                        hwVirt = false;
                    }
                }
                conf.set("nestedhvm", hwVirt ? 1 : 0);
            }
            return;
        }
        if ("xenpvh".equals(osType)) {
            conf.set("type", "pvh");
        }
        String bootloader = text(child(dom, "bootloader"));
        setIfPresent("bootloader", bootloader);
        String bootargs = text(child(dom, "bootloader_args"));
        setIfPresent("bootargs", bootargs);
        setIfPresent("kernel", kernel);
        setIfPresent("ramdisk", initrd);
        setIfPresent("cmdline", cmdline);
    }

    private void cpuid() {
        Element cpu = child(dom, "cpu");
        if (cpu == null || !"host-passthrough".equals(cpu.getAttribute("mode"))) {
            // libvirt warns and ignores other CPU modes
            return;
        }
        List<String> pairs = new ArrayList<>();
        pairs.add("host");
        for (Element f : children(cpu, "feature")) {
            String name = XlCpuFeatures.toLibxl(f.getAttribute("name"));
            if ("vmx".equals(name) || "svm".equals(name)) {
                continue;
            }
            String policy = switch (f.getAttribute("policy")) {
                case "force", "require", "" -> "1";
                case "optional" -> "x";
                default -> "0";
            };
            pairs.add(field("CPU feature", name) + "=" + policy);
        }
        if (pairs.size() > 1) {
            conf.set("cpuid", String.join(",", pairs));
        }
    }

    private void vnuma() {
        List<Element> cells = children(child(child(dom, "cpu"), "numa"), "cell");
        if (cells.isEmpty()) {
            return;
        }
        int n = cells.size();
        long[][] dist = new long[n][n];
        for (int i = 0; i < n; i++) {
            for (Element s : children(child(cells.get(i), "distances"), "sibling")) {
                int j = Integer.parseInt(s.getAttribute("id"));
                if (j >= 0 && j < n) {
                    dist[i][j] = Long.parseLong(s.getAttribute("value"));
                }
            }
        }
        List<VirConfValue> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Element cell = cells.get(i);
            long kib = Long.parseLong(cell.getAttribute("memory"));
            StringBuilder d = new StringBuilder("vdistances=");
            for (int j = 0; j < n; j++) {
                long v = dist[i][j] != 0 ? dist[i][j] : dist[j][i] != 0 ? dist[j][i] : i == j ? 10 : 20;
                d.append(j > 0 ? "," : "").append(v);
            }
            nodes.add(VirConfValue.ofStrings(List.of("pnode=" + i, "size=" + kib / 1024, "vcpus=" + cell.getAttribute("cpus"),
                d.toString())));
        }
        conf.set("vnuma", new VirConfValue.ListValue(nodes));
    }

    private void xenbusLimits(Element devices) {
        for (Element c : children(devices, "controller")) {
            String type = c.getAttribute("type");
            if ("xenbus".equals(type)) {
                String events = c.getAttribute("maxEventChannels");
                if (!events.isEmpty() && !"0".equals(events)) {
                    conf.set("max_event_channels", Long.parseLong(events));
                }
                String frames = c.getAttribute("maxGrantFrames");
                if (!frames.isEmpty() && !"0".equals(frames)) {
                    conf.set("max_grant_frames", Long.parseLong(frames));
                }
            } else if (!"usb".equals(type) && !"ide".equals(type) && !"scsi".equals(type)) {
                throw unsupported("xen-xl cannot express <controller type='" + type + "'>");
            }
        }
    }

    private void disks(Element devices) {
        List<String> disks = new ArrayList<>();
        for (Element d : children(devices, "disk")) {
            disks.add(disk(d));
        }
        if (!disks.isEmpty()) {
            conf.set("disk", VirConfValue.ofStrings(disks));
        }
    }

    private String disk(Element d) {
        String device = d.getAttribute("device");
        if ("floppy".equals(device) || "lun".equals(device)) {
            // libvirt skips floppies silently ("XXX floppy disks") and writes a lun as a disk
            throw unsupported("xen-xl cannot express <disk device='" + device + "'>");
        }
        Element driver = child(d, "driver");
        String format = attr(driver, "type");
        String name = attr(driver, "name");
        StringBuilder sb = new StringBuilder("format=");
        sb.append(format == null ? "raw" : switch (format) {
            case "vhd" -> "xvhd";
            case "qcow", "qcow2", "qed", "raw" -> format;
            default -> "raw";
        });
        sb.append(",vdev=").append(field("target dev", attr(child(d, "target"), "dev")));
        sb.append(",access=");
        if (child(d, "readonly") != null) {
            sb.append("ro");
        } else if (child(d, "shareable") != null) {
            sb.append('!');
        } else {
            sb.append("rw");
        }
        if (child(d, "transient") != null) {
            throw unsupported("transient disks not supported yet");
        }
        if (name != null) {
            sb.append(",backendtype=");
            switch (name) {
                case "qemu", "file" -> sb.append("qdisk");
                case "tap" -> sb.append("tap");
                case "phy" -> sb.append("phy");
                default -> {
                }
            }
        }
        if ("cdrom".equals(device)) {
            sb.append(",devtype=cdrom");
        }
        String target = diskSource(d);
        if (target != null) {
            sb.append(",target=").append(target);
        }
        return sb.toString();
    }

    private static String diskSource(Element d) {
        String type = d.getAttribute("type");
        Element src = child(d, "source");
        switch (type) {
            case "file", "block", "dir" -> {
                String path = src == null ? null : orDefault(attr(src, "file"), orDefault(attr(src, "dev"), attr(src, "dir")));
                return path == null || path.isEmpty() ? null : path;
            }
            case "network" -> {
                String protocol = attr(src, "protocol");
                if (!"rbd".equals(protocol)) {
                    throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.XENXL,
                        "Unsupported network block protocol '" + protocol + "'");
                }
                String full = orDefault(attr(src, "name"), "");
                int slash = full.indexOf('/');
                String image = slash >= 0 ? full.substring(slash + 1) : full;
                if (image.indexOf(':') >= 0) {
                    throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.XENXL,
                        "':' not allowed in RBD source volume name '" + image + "'");
                }
                StringBuilder sb = new StringBuilder("rbd:").append(full).append(":auth_supported=none");
                List<Element> hosts = children(src, "host");
                if (!hosts.isEmpty()) {
                    sb.append(":mon_host=");
                    for (int i = 0; i < hosts.size(); i++) {
                        if (i > 0) {
                            sb.append("\\\\;");
                        }
                        String host = hosts.get(i).getAttribute("name");
                        if (host.indexOf(':') >= 0) {
                            sb.append('[').append(host.replace(":", "\\:")).append(']');
                        } else {
                            sb.append(host);
                        }
                        String port = hosts.get(i).getAttribute("port");
                        if (!port.isEmpty() && !"0".equals(port)) {
                            sb.append("\\\\:").append(port);
                        }
                    }
                }
                return sb.toString();
            }
            default -> throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.XENXL,
                "unsupported storage type for this code path");
        }
    }

    private void spice(List<Element> graphics) {
        if (!hvm || graphics.isEmpty() || !"spice".equals(graphics.get(0).getAttribute("type"))) {
            return;
        }
        Element g = graphics.get(0);
        conf.set("sdl", 0).set("vnc", 0).set("spice", 1);
        String listen = listenAddress(g);
        setIfPresent("spicehost", listen);
        conf.set("spiceport", intAttr(g, "port"));
        conf.set("spicetls_port", intAttr(g, "tlsPort"));
        String passwd = attr(g, "passwd");
        if (passwd != null) {
            conf.set("spicedisable_ticketing", 0).set("spicepasswd", passwd);
        } else {
            conf.set("spicedisable_ticketing", 1);
        }
        String mouse = attr(child(g, "mouse"), "mode");
        if ("server".equals(mouse)) {
            conf.set("spiceagent_mouse", 0);
        } else if ("client".equals(mouse)) {
            conf.set("spiceagent_mouse", 1).set("spicevdagent", 1);
        }
        if ("yes".equals(attr(child(g, "clipboard"), "copypaste"))) {
            conf.set("spice_clipboard_sharing", 1).set("spicevdagent", 1);
        }
    }

    private static long intAttr(Element e, String name) {
        String v = e.getAttribute(name);
        return v.isEmpty() ? 0 : Long.parseLong(v);
    }

    private void inputDevs(Element devices) {
        if (!hvm) {
            return;
        }
        List<String> usb = new ArrayList<>();
        for (Element i : children(devices, "input")) {
            if ("usb".equals(i.getAttribute("bus"))) {
                conf.set("usb", 1);
                String type = i.getAttribute("type");
                if ("mouse".equals(type) || "tablet".equals(type) || "keyboard".equals(type)) {
                    usb.add(type);
                }
            }
        }
        if (usb.size() == 1) {
            conf.set("usbdevice", usb.get(0));
        } else if (!usb.isEmpty()) {
            conf.set("usbdevice", VirConfValue.ofStrings(usb));
        }
    }

    private void usb(Element devices) {
        List<String> usb = new ArrayList<>();
        for (Element h : children(devices, "hostdev")) {
            if ("usb".equals(h.getAttribute("type"))) {
                Element a = child(child(h, "source"), "address");
                if (a == null) {
                    throw unsupported("xen-xl cannot express a USB <hostdev> named by vendor and product");
                }
                usb.add(String.format("hostbus=%x,hostaddr=%x", hex(a, "bus"), hex(a, "device")));
            }
        }
        if (!usb.isEmpty()) {
            conf.set("usbdev", VirConfValue.ofStrings(usb));
        }
    }

    private void usbControllers(Element devices) {
        List<String> ctrls = new ArrayList<>();
        for (Element c : children(devices, "controller")) {
            if (!"usb".equals(c.getAttribute("type"))) {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            String model = c.getAttribute("model");
            switch (model) {
                case "" -> {
                }
                case "qusb1" -> sb.append("type=qusb,version=1,");
                case "qusb2" -> sb.append("type=qusb,version=2,");
                default -> throw unsupported("xen-xl cannot express <controller type='usb' model='" + model + "'>");
            }
            String ports = c.getAttribute("ports");
            if (!ports.isEmpty()) {
                sb.append("ports=").append(Integer.toHexString(Integer.parseInt(ports)));
            }
            ctrls.add(sb.toString());
        }
        if (!ctrls.isEmpty()) {
            conf.set("usbctrl", VirConfValue.ofStrings(ctrls));
        }
    }

    private void channels(Element devices) {
        List<String> out = new ArrayList<>();
        for (Element c : children(devices, "channel")) {
            Element target = child(c, "target");
            if (!"xen".equals(attr(target, "type"))) {
                throw unsupported("xen-xl cannot express <channel> with target type '" + attr(target, "type") + "'");
            }
            StringBuilder sb = new StringBuilder("connection=");
            switch (c.getAttribute("type")) {
                case "pty" -> sb.append("pty,");
                case "unix" -> {
                    sb.append("socket,");
                    String path = attr(child(c, "source"), "path");
                    if (path != null) {
                        sb.append("path=").append(field("channel path", path)).append(',');
                    }
                }
                default -> throw unsupported("xen-xl cannot express <channel type='" + c.getAttribute("type") + "'>");
            }
            sb.append("name=").append(field("channel name", orDefault(attr(target, "name"), "(null)")));
            out.add(sb.toString());
        }
        if (!out.isEmpty()) {
            conf.set("channel", VirConfValue.ofStrings(out));
        }
    }

    private void namespaceData() {
        List<String> args = new ArrayList<>();
        for (Element cl : childrenNs(dom, XenDefaults.XEN_NS, "commandline")) {
            for (Element a : childrenNs(cl, XenDefaults.XEN_NS, "arg")) {
                args.add(a.getAttribute("value"));
            }
        }
        if (!args.isEmpty()) {
            conf.set("device_model_args", VirConfValue.ofStrings(args));
        }
    }

    // --- DOM helpers

    private static String orDefault(String s, String def) {
        return s == null ? def : s;
    }

    private static String attr(Element e, String name) {
        if (e == null || !e.hasAttribute(name)) {
            return null;
        }
        return e.getAttribute(name);
    }

    private static String text(Element e) {
        if (e == null) {
            return null;
        }
        String t = e.getTextContent();
        return t == null || t.isEmpty() ? null : t;
    }

    private static Element child(Element e, String name) {
        if (e == null) {
            return null;
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getNamespaceURI() == null && name.equals(c.getLocalName())) {
                return c;
            }
        }
        return null;
    }

    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && (name == null || c.getNamespaceURI() == null && name.equals(c.getLocalName()))) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<Element> childrenNs(Element e, String ns, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && ns.equals(c.getNamespaceURI()) && name.equals(c.getLocalName())) {
                out.add(c);
            }
        }
        return out;
    }

    /** Writes a string setting only when the domain has a value for it (libvirt's "if (x) xenConfigSetString"). */
    private void setIfPresent(String name, String value) {
        if (value != null) {
            conf.set(name, value);
        }
    }
}
