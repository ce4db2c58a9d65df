package io.jvirt.api.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.xml.XmlOut;

import java.util.Set;

/** Parses and formats {@code <os>}. */
final class OsXml {

    /** libvirt's virDomainOSType names. */
    private static final Set<String> OS_TYPES = Set.of("hvm", "xen", "linux", "exe", "uml", "xenpvh");
    private static final Set<String> BOOT_DEVS = Set.of("hd", "cdrom", "fd", "network");
    /** Sub-elements kept as parsed: libvirt knows them, this model does not interpret them. */
    private static final Set<String> KEPT = Set.of("firmware", "bios", "acpi");

    private OsXml() {
    }

    static void parse(XmlElement e, OsDef os) {
        os.firmware(ParseContext.oneOf(e, "firmware", "bios", "efi"));
        XmlElement type = e.child("type");
        if (type != null) {
            String t = type.text() == null ? "" : type.text().strip();
            if (!t.isEmpty() && !OS_TYPES.contains(t)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, "unknown OS type '" + t + "'");
            }
            os.type(t);
            os.arch(type.get("arch"));
            os.machine(type.get("machine"));
        }
        if (os.type() == null || os.type().isEmpty()) {
            throw ParseContext.xmlError("an os <type> must be specified");
        }
        XmlElement loader = e.child("loader");
        if (loader != null) {
            os.loader(loader.text() == null ? null : loader.text().strip());
            os.loaderReadonly(ParseContext.yesNo(loader, "readonly"));
            os.loaderSecure(ParseContext.yesNo(loader, "secure"));
            os.loaderType(ParseContext.oneOf(loader, "type", "rom", "pflash"));
            os.loaderFormat(loader.get("format"));
            os.loaderStateless(ParseContext.yesNo(loader, "stateless"));
        }
        XmlElement nvram = e.child("nvram");
        if (nvram != null) {
            os.nvram(nvram.text() == null ? null : nvram.text().strip());
            os.nvramTemplate(nvram.get("template"));
            os.nvramFormat(nvram.get("format"));
            XmlElement source = nvram.child("source");
            if (source != null) {
                os.kept().add(copyAsNvramSource(nvram, source));
            }
        }
        os.kernel(text(e, "kernel"));
        os.initrd(text(e, "initrd"));
        os.cmdline(e.childText("cmdline"));
        os.dtb(text(e, "dtb"));
        os.root(text(e, "root"));
        for (XmlElement boot : e.all("boot")) {
            String dev = ParseContext.required(boot, "dev");
            if (!BOOT_DEVS.contains(dev)) {
                throw ParseContext.xmlError("unknown boot device '" + dev + "'");
            }
            os.bootDevices().add(dev);
        }
        XmlElement menu = e.child("bootmenu");
        if (menu != null) {
            os.bootMenu(ParseContext.yesNo(menu, "enable"));
            os.bootMenuTimeout(ParseContext.uint(menu, "timeout"));
        }
        XmlElement smbios = e.child("smbios");
        if (smbios != null) {
            os.smbiosMode(ParseContext.oneOf(smbios, "mode", "emulate", "host", "sysinfo"));
        }
        os.init(text(e, "init"));
        for (XmlElement arg : e.all("initarg")) {
            os.initArgs().add(arg.text() == null ? "" : arg.text());
        }
        for (XmlElement env : e.all("initenv")) {
            os.initEnv().put(ParseContext.required(env, "name"), env.text() == null ? "" : env.text());
        }
        os.initDir(text(e, "initdir"));
        os.initUser(text(e, "inituser"));
        os.initGroup(text(e, "initgroup"));
        for (XmlElement c : e.children()) {
            if (c.namespaceUri() == null && KEPT.contains(c.name())) {
                os.kept().add(c.consumeAll());
            }
        }
    }

    /** Keeps a network/file nvram source: libvirt writes it inside {@code <nvram>}. */
    private static XmlElement copyAsNvramSource(XmlElement nvram, XmlElement source) {
        XmlElement kept = source.consumeAll();
        nvram.get("type");
        XmlElement holder = new XmlElement("nvramSource");
        holder.attr("type", nvram.attributes().get("type"));
        holder.add(kept);
        return holder;
    }

    private static String text(XmlElement e, String name) {
        String t = e.childText(name);
        return t == null ? null : t.strip();
    }

    /**
     * libvirt's virDomainDefParseCaps: the historic Xen PV name "linux" is os type xen, but only in a
     * domain of type xen (elsewhere "linux" is an os type of its own).
     */
    static void xenCompat(DomainDef def) {
        if ("linux".equals(def.os().type()) && "xen".equals(def.type())) {
            def.os().type("xen");
        }
    }

    /**
     * libvirt's virDomainDefParseBootOptions reads only what the os type boots with: an hvm guest
     * everything; a xen, xenpvh or uml guest the kernel options (kernel, initrd, cmdline, dtb,
     * root) and the loader and nvram; an exe guest its init; a linux one nothing. The rest is
     * read here (so it is never refused as unknown) and dropped.
     */
    static void dropUnread(OsDef os) {
        String type = os.type();
        if ("hvm".equals(type)) {
            return;
        }
        boolean pv = "xen".equals(type) || "xenpvh".equals(type) || "uml".equals(type);
        boolean exe = "exe".equals(type);
        if (!pv) {
            os.kernel(null).initrd(null).cmdline(null).dtb(null).root(null);
            os.loader(null).loaderReadonly(null).loaderSecure(null).loaderType(null).loaderFormat(null)
                .loaderStateless(null);
            os.nvram(null).nvramTemplate(null).nvramFormat(null);
            os.kept().removeIf(k -> k.name().equals("nvramSource"));
        }
        if (!exe) {
            os.init(null).initDir(null).initUser(null).initGroup(null);
            os.initArgs().clear();
            os.initEnv().clear();
        }
        os.firmware(null);
        os.bootDevices().clear();
        os.bootMenu(null).bootMenuTimeout(null);
        os.smbiosMode(null);
        os.kept().removeIf(k -> !k.name().equals("nvramSource"));
    }

    static void format(XmlOut out, OsDef os, String virtType) {
        out.open(1, "os").attr("firmware", os.firmware()).body();
        // libvirt's formatter writes a Xen domain's PV os type back by its historic name
        String type = "xen".equals(virtType) && "xen".equals(os.type()) ? "linux" : os.type();
        out.open(2, "type").attr("arch", os.arch()).attr("machine", os.machine()).text("type", type);
        out.elements(os.kept(), "firmware", 2);
        out.leaf(2, "init", os.init());
        for (String arg : os.initArgs()) {
            out.leaf(2, "initarg", arg);
        }
        os.initEnv().forEach((k, v) -> out.open(2, "initenv").attr("name", k).text("initenv", v));
        out.leaf(2, "initdir", os.initDir());
        out.leaf(2, "inituser", os.initUser());
        out.leaf(2, "initgroup", os.initGroup());
        // any attribute libvirt read makes the element (a stateless or secure loader may name no file)
        if (os.loader() != null || os.loaderType() != null || os.loaderReadonly() != null || os.loaderSecure() != null
            || os.loaderStateless() != null || os.loaderFormat() != null) {
            out.open(2, "loader").yesNo("readonly", os.loaderReadonly()).yesNo("secure", os.loaderSecure())
                .yesNo("stateless", os.loaderStateless()).attr("type", os.loaderType()).attr("format", os.loaderFormat());
            if (os.loader() == null) {
                out.end();
            } else {
                out.text("loader", os.loader());
            }
        }
        XmlElement nvramSource = null;
        for (XmlElement k : os.kept()) {
            if (k.name().equals("nvramSource")) {
                nvramSource = k;
            }
        }
        if (os.nvram() != null || os.nvramTemplate() != null || nvramSource != null) {
            out.open(2, "nvram").attr("template", os.nvramTemplate()).attr("format", os.nvramFormat());
            if (nvramSource != null) {
                out.attr("type", nvramSource.attributes().get("type")).body();
                out.elements(nvramSource.children(), 3);
                out.close(2, "nvram");
            } else if (os.nvram() == null) {
                out.end();
            } else {
                out.text("nvram", os.nvram());
            }
        }
        out.leaf(2, "kernel", os.kernel());
        out.leaf(2, "initrd", os.initrd());
        out.leaf(2, "cmdline", os.cmdline());
        out.leaf(2, "dtb", os.dtb());
        out.leaf(2, "root", os.root());
        out.elements(os.kept(), "acpi", 2);
        for (String dev : os.bootDevices()) {
            out.open(2, "boot").attr("dev", dev).end();
        }
        if (os.bootMenu() != null) {
            out.open(2, "bootmenu").yesNo("enable", os.bootMenu()).attr("timeout", os.bootMenuTimeout()).end();
        }
        if (os.smbiosMode() != null) {
            out.open(2, "smbios").attr("mode", os.smbiosMode()).end();
        }
        out.elements(os.kept(), "bios", 2);
        out.close(1, "os");
    }
}
