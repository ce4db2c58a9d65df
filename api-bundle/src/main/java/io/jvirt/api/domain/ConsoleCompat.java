package io.jvirt.api.domain;

import java.util.List;

/**
 * libvirt's serial-console aliasing for HVM guests: the first console, when it targets a serial
 * port, is the first serial port seen through another name. libvirt keeps the two in step (a
 * console alone creates the serial port, a serial port alone gets its console), so this does too.
 */
final class ConsoleCompat {

    private ConsoleCompat() {
    }

    static void apply(DomainDef def) {
        if (!"hvm".equals(def.osType())) {
            return;
        }
        List<CharDeviceDef> chars = def.charDevices();
        CharDeviceDef serial = first(chars, "serial");
        CharDeviceDef console = first(chars, "console");
        if (console != null && (console.targetType() == null || "serial".equals(console.targetType()))) {
            if (serial == null) {
                CharDeviceDef created = copyBackend(console, "serial");
                created.targetPort(0);
                def.devices().add(created);
                serial = created;
            }
            int at = def.devices().indexOf(console);
            def.devices().set(at, asConsole(serial, console));
        } else if (console == null && serial != null) {
            def.devices().add(asConsole(serial, null));
        }
    }

    private static CharDeviceDef asConsole(CharDeviceDef serial, CharDeviceDef old) {
        CharDeviceDef c = copyBackend(serial, "console");
        c.targetType("serial");
        c.targetPort(serial.targetPort() == null ? 0 : serial.targetPort());
        if (old != null) {
            old.info().forEach(i -> c.info().add(i.copy()));
        }
        return c;
    }

    /** The host side of a character device (type, sources, protocol, log) under another element name. */
    private static CharDeviceDef copyBackend(CharDeviceDef from, String kind) {
        CharDeviceDef c = new CharDeviceDef();
        c.kind(kind);
        c.type(from.type());
        c.tty(from.tty());
        from.sources().forEach(s -> c.sources().add(s.copy()));
        c.protocol(from.protocol());
        from.logAndOthers().forEach(l -> c.logAndOthers().add(l.copy()));
        return c;
    }

    private static CharDeviceDef first(List<CharDeviceDef> chars, String kind) {
        for (CharDeviceDef c : chars) {
            if (c.kind().equals(kind)) {
                return c;
            }
        }
        return null;
    }
}
