package io.jvirt.driver.xen;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * One xl disk specification as Xen's xlu_disk_parse reads it (docs/misc/xl-disk-configuration.txt):
 * comma-separated parameters, each a key=value, a flag, or a positional parameter filling
 * target, format, vdev, access in that order (an empty one keeps the default); "target=" takes
 * the rest of the string, commas included; the deprecated target prefixes (phy:, file:, tap:aio:
 * ...) set the backend and format. libvirt gets the parsed libxl_device_disk and reports no error
 * of its own when xl refuses a specification; jvirt reports xl's reason.
 */
final class XlDiskSpec {

    enum Format { UNKNOWN, RAW, QCOW, QCOW2, VHD, QED, EMPTY }

    enum Backend { UNKNOWN, PHY, TAP, QDISK }

    String target;
    Format format = Format.UNKNOWN;
    String vdev;
    boolean readwrite = true;
    boolean cdrom;
    Backend backend = Backend.UNKNOWN;

    private static VirtException bad(String spec, String why) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.XENXL,
            "xl cannot parse the disk specification '" + spec + "': " + why);
    }

    static XlDiskSpec parse(String spec) {
        XlDiskSpec d = new XlDiskSpec();
        int positional = 0;
        int i = 0;
        while (i <= spec.length()) {
            while (i < spec.length() && (spec.charAt(i) == ' ' || spec.charAt(i) == '\t' || spec.charAt(i) == '\n')) {
                i++;
            }
            if (spec.startsWith("target=", i)) {
                d.setTarget(spec, spec.substring(i + 7));
                break;
            }
            int comma = spec.indexOf(',', i);
            int end = comma < 0 ? spec.length() : comma;
            String tok = spec.substring(i, end);
            int eq = tok.indexOf('=');
            if (eq >= 0) {
                d.keyValue(spec, tok.substring(0, eq), tok.substring(eq + 1));
            } else if (tok.isEmpty() && positional >= 4) {
                // an empty parameter keeps the default: past the positional ones there is nothing to keep
                positional++;
            } else if (!d.flag(tok)) {
                switch (positional++) {
                    case 0 -> {
                        if (!tok.isEmpty()) {
                            d.setTarget(spec, tok);
                        }
                    }
                    case 1 -> d.setFormat(spec, tok);
                    case 2 -> d.setVdev(tok);
                    case 3 -> d.setAccess(spec, tok);
                    default -> throw bad(spec, "too many positional parameters ('" + tok + "')");
                }
            }
            if (comma < 0) {
                break;
            }
            i = comma + 1;
        }
        if (d.vdev == null || d.vdev.isEmpty()) {
            throw bad(spec, "no vdev specified");
        }
        if (d.cdrom) {
            d.readwrite = false;
            if (d.target == null || d.target.isEmpty()) {
                d.format = Format.EMPTY;
            }
        } else if (d.target == null) {
            throw bad(spec, "no target specified");
        }
        return d;
    }

    private boolean flag(String tok) {
        switch (tok) {
            case "cdrom" -> cdrom = true;
            case "direct-io-safe", "discard", "no-discard", "trusted", "untrusted" -> {
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void keyValue(String spec, String key, String value) {
        switch (key) {
            case "format" -> setFormat(spec, value);
            case "vdev" -> setVdev(value);
            case "access" -> setAccess(spec, value);
            case "devtype" -> {
                if ("cdrom".equals(value)) {
                    cdrom = true;
                } else if (!"disk".equals(value) && !value.isEmpty()) {
                    throw bad(spec, "unknown value for devtype: " + value);
                }
            }
            case "backendtype" -> backend = switch (value) {
                case "phy" -> Backend.PHY;
                case "tap" -> Backend.TAP;
                case "qdisk" -> Backend.QDISK;
                case "" -> Backend.UNKNOWN;
                default -> throw bad(spec, "unknown value for backendtype: " + value);
            };
            case "script", "backend", "colo-host", "colo-port", "colo-export", "active-disk", "hidden-disk",
                "specification" -> {
                // accepted by xl; libvirt keeps none of them
            }
            default -> throw bad(spec, "unknown parameter '" + key + "'");
        }
    }

    private void setFormat(String spec, String value) {
        format = switch (value) {
            case "raw" -> Format.RAW;
            case "qcow" -> Format.QCOW;
            case "qcow2" -> Format.QCOW2;
            case "vhd" -> Format.VHD;
            case "qed" -> Format.QED;
            case "empty" -> Format.EMPTY;
            case "" -> Format.UNKNOWN;
            default -> throw bad(spec, "unknown value for format: " + value);
        };
    }

    private void setVdev(String value) {
        // the deprecated "hdc:cdrom" form
        if (value.endsWith(":cdrom")) {
            cdrom = true;
            value = value.substring(0, value.length() - 6);
        }
        vdev = value;
    }

    private void setAccess(String spec, String value) {
        switch (value) {
            case "r", "ro" -> readwrite = false;
            case "w", "rw", "" -> readwrite = true;
            default -> throw bad(spec, "unknown value for access: " + value);
        }
    }

    /** The target, with the deprecated prefixes xl still reads. */
    private void setTarget(String spec, String value) {
        String t = value;
        while (true) {
            if (t.startsWith("phy:")) {
                backend = Backend.PHY;
                t = t.substring(4);
            } else if (t.startsWith("file:")) {
                t = t.substring(5);
            } else if (t.startsWith("tap2:") || t.startsWith("tap:")) {
                backend = Backend.TAP;
                t = t.substring(t.indexOf(':') + 1);
            } else if (t.startsWith("aio:")) {
                format = Format.RAW;
                t = t.substring(4);
            } else if (t.startsWith("qcow2:")) {
                format = Format.QCOW2;
                t = t.substring(6);
            } else if (t.startsWith("qcow:")) {
                format = Format.QCOW;
                t = t.substring(5);
            } else if (t.startsWith("vhd:")) {
                format = Format.VHD;
                t = t.substring(4);
            } else {
                break;
            }
        }
        target = t;
    }
}
