package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * libvirt's serial-console aliasing for HVM guests ({@code virDomainDefAddConsoleCompat} after
 * parsing, the console loop of {@code virDomainDefFormatInternal} when writing): the first
 * console, when it targets a serial port (or nothing), is the first serial port seen through
 * another name. A console alone creates the serial port; a serial port of a kind that has a
 * console (isa, spapr-vio, system, sclp, or unspecified) alone gets one, placed first; and a
 * console aliasing serial port n is written as a copy of that port, its address included.
 */
final class ConsoleCompat {

    /** Serial target types that come with a console (libvirt's switch in virDomainDefAddConsoleCompat). */
    private static final Set<String> CONSOLE_TARGETS = Set.of("isa-serial", "spapr-vio-serial", "system-serial",
        "sclp-serial");

    private ConsoleCompat() {
    }

    static void apply(DomainDef def) {
        List<CharDeviceDef> consoles = of(def, "console");
        for (int i = 1; i < consoles.size(); i++) {
            if ("serial".equals(consoles.get(i).targetType())) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "Only the first console can be a serial port");
            }
        }
        if (!"hvm".equals(def.osType())) {
            return;
        }
        List<CharDeviceDef> serials = of(def, "serial");
        CharDeviceDef console = consoles.isEmpty() ? null : consoles.get(0);
        if (console != null && aliases(console)) {
            CharDeviceDef serial;
            if (serials.isEmpty()) {
                // the console's definition moves over to a new serial port 0
                serial = copyBackend(console, "serial");
                serial.targetPort(0);
                console.info().forEach(i -> serial.info().add(i.copy()));
                serial.address(console.address() == null ? null : console.address().copy());
                def.devices().add(serial);
            } else {
                serial = serials.get(0);
            }
            def.devices().set(def.devices().indexOf(console), alias(serial));
        } else if (!serials.isEmpty() && (serials.get(0).targetType() == null
            || CONSOLE_TARGETS.contains(serials.get(0).targetType()))) {
            // a stub console for the serial port, first among the consoles
            CharDeviceDef stub = alias(serials.get(0));
            if (console == null) {
                def.devices().add(stub);
            } else {
                def.devices().add(def.devices().indexOf(console), stub);
            }
        }
    }

    /** Whether console {@code c} stands for a serial port: its target type is serial or unset. */
    static boolean aliases(CharDeviceDef c) {
        return c.targetType() == null || "serial".equals(c.targetType());
    }

    /**
     * What libvirt writes for a console that aliases serial port {@code serial}: a copy of the
     * port (backend, port number, device info) as a console targeting a serial port.
     */
    static CharDeviceDef alias(CharDeviceDef serial) {
        CharDeviceDef c = copyBackend(serial, "console");
        c.targetType("serial");
        c.targetPort(serial.targetPort() == null ? 0 : serial.targetPort());
        serial.info().forEach(i -> c.info().add(i.copy()));
        c.address(serial.address() == null ? null : serial.address().copy());
        c.bootOrder(serial.bootOrder());
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

    static List<CharDeviceDef> of(DomainDef def, String kind) {
        List<CharDeviceDef> out = new ArrayList<>(2);
        for (DeviceDef d : def.devices()) {
            if (d instanceof CharDeviceDef c && c.kind().equals(kind)) {
                out.add(c);
            }
        }
        return out;
    }
}
