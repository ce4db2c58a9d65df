package io.jvirt.api.domain;

import java.util.Comparator;
import java.util.Set;

/**
 * Parses and formats serial, parallel, console and channel devices, with libvirt's generic source
 * checks and defaults (tcp/udp/unix source modes, the tcp protocol, reconnect settings).
 */
final class CharDeviceXml {

    private static final Set<String> TYPES = Set.of("null", "vc", "pty", "dev", "file", "pipe", "stdio", "udp",
        "tcp", "unix", "spicevmc", "spiceport", "nmdm", "qemu-vdagent", "dbus");
    private static final Set<String> TARGET_TYPED = Set.of("type", "port", "name", "address", "state");

    private CharDeviceXml() {
    }

    static CharDeviceDef parse(XmlElement e) {
        CharDeviceDef c = new CharDeviceDef();
        c.kind(e.name());
        String type = e.get("type");
        if (type != null) {
            if (!TYPES.contains(type)) {
                throw ParseContext.xmlError("unknown type presented to host for character device: " + type);
            }
            c.type(type);
        }
        c.tty(e.get("tty"));
        for (XmlElement s : e.all("source")) {
            CharSource src = new CharSource();
            src.mode(ParseContext.oneOf(s, "mode", "bind", "connect"));
            src.path(s.get("path"));
            src.host(s.get("host"));
            src.service(s.get("service"));
            src.append(s.get("append"));
            src.channel(s.get("channel"));
            src.master(s.get("master"));
            src.slave(s.get("slave"));
            src.tls(s.get("tls"));
            for (XmlElement child : s.children()) {
                src.children().add(child.consumeAll());
            }
            c.sources().add(src);
        }
        XmlElement protocol = e.child("protocol");
        if (protocol != null) {
            c.protocol(ParseContext.oneOf(protocol, "type", "raw", "telnet", "telnets", "tls"));
        }
        XmlElement target = e.child("target");
        if (target != null) {
            c.targetType(target.get("type"));
            c.targetPort(ParseContext.uint(target, "port"));
            c.targetName(target.get("name"));
            c.targetAddress(target.get("address"));
            c.targetState(target.get("state"));
            DevicesXml.otherAttrs(target, c.targetAttrs(), TARGET_TYPED);
            XmlElement model = target.child("model");
            if (model != null) {
                c.targetModel(model.consumeAll());
            }
        }
        DevicesXml.keep(e, c.logAndOthers(), Set.of("log"));
        checkAndDefault(c);
        return c;
    }

    private static void checkAndDefault(CharDeviceDef c) {
        switch (c.type()) {
            case "tcp" -> {
                if (c.sources().size() > 1) {
                    throw ParseContext.xmlError("Multiple <source> elements for a tcp character device");
                }
                CharSource s = single(c);
                if (s.service() == null) {
                    throw ParseContext.xmlError("Missing source service attribute for char device");
                }
                defaultMode(s);
                checkReconnect(s);
                if (c.protocol() == null) {
                    c.protocol("raw");
                }
            }
            case "udp" -> {
                long binds = c.sources().stream().filter(s -> "bind".equals(s.mode())).count();
                long connects = c.sources().stream().filter(s -> "connect".equals(s.mode())).count();
                if (binds > 1 || connects > 1 || c.sources().size() > 2) {
                    throw ParseContext.xmlError("Multiple <source> elements with the same mode for a udp character device");
                }
                for (CharSource s : c.sources()) {
                    if (s.mode() == null) {
                        s.mode(connects == 0 ? "connect" : "bind");
                        connects += "connect".equals(s.mode()) ? 1 : 0;
                    }
                }
                // libvirt writes the local (bind) end first
                c.sources().sort(Comparator.comparing(s -> "bind".equals(s.mode()) ? 0 : 1));
            }
            case "unix" -> {
                // an inactive definition may leave the socket path to the driver; a source
                // without a path then says nothing and libvirt drops it
                if (c.sources().isEmpty() || c.sources().get(0).path() == null) {
                    c.sources().clear();
                } else {
                    CharSource s = c.sources().get(0);
                    defaultMode(s);
                    checkReconnect(s);
                }
            }
            default -> {
                // the other backends have no generic checks
            }
        }
    }

    private static CharSource single(CharDeviceDef c) {
        if (c.sources().isEmpty()) {
            c.sources().add(new CharSource());
        }
        return c.sources().get(0);
    }

    private static void defaultMode(CharSource s) {
        if (s.mode() == null) {
            s.mode("connect");
        }
    }

    private static void checkReconnect(CharSource s) {
        for (XmlElement r : s.children()) {
            if (!r.name().equals("reconnect")) {
                continue;
            }
            if ("bind".equals(s.mode())) {
                throw ParseContext.xmlError("chardev reconnect is possible only for connect mode");
            }
            String enabled = r.attributes().get("enabled");
            if (!"yes".equals(enabled) && !"no".equals(enabled)) {
                throw ParseContext.xmlError("invalid reconnect enabled value '" + enabled + "'");
            }
            if ("yes".equals(enabled) && r.attributes().get("timeout") == null) {
                throw ParseContext.xmlError("missing timeout for chardev with reconnect enabled");
            }
        }
    }

    static void format(XmlOut out, CharDeviceDef c) {
        out.open(2, c.kind()).attr("type", c.type()).attr("tty", c.tty()).body();
        for (CharSource s : c.sources()) {
            out.open(3, "source").attr("mode", s.mode()).attr("path", s.path()).attr("host", s.host())
                .attr("service", s.service()).attr("append", s.append()).attr("channel", s.channel())
                .attr("master", s.master()).attr("slave", s.slave()).attr("tls", s.tls());
            XmlOut body = out.child();
            body.elements(s.children(), 4);
            out.body(3, "source", body);
        }
        if (c.protocol() != null) {
            out.open(3, "protocol").attr("type", c.protocol()).end();
        }
        out.elements(c.logAndOthers(), "log", 3);
        boolean target = c.targetType() != null || c.targetPort() != null || c.targetName() != null
            || c.targetAddress() != null || c.targetModel() != null || !c.targetAttrs().isEmpty();
        if (target) {
            out.open(3, "target").attr("type", c.targetType()).attr("address", c.targetAddress())
                .attr("port", c.targetPort()).attr("name", c.targetName()).attr("state", c.targetState());
            DevicesXml.writeAttrs(out, c.targetAttrs());
            XmlOut body = out.child();
            if (c.targetModel() != null) {
                body.element(c.targetModel(), 4);
            }
            out.body(3, "target", body);
        }
        DevicesXml.formatInfo(out, c, 3);
        out.close(2, c.kind());
    }
}
