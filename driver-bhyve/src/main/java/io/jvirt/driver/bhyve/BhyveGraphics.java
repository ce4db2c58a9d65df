package io.jvirt.driver.bhyve;

import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.GraphicsDef;
import io.jvirt.api.domain.GraphicsListen;
import io.jvirt.api.domain.VideoDef;
import io.jvirt.api.domain.XmlElement;

/** bhyve's framebuffer option from a domain's one graphics and one video device (bhyveBuildGraphicsArgStr). */
final class BhyveGraphics {

    private BhyveGraphics() {
    }

    static String fbuf(DomainDef def, GraphicsDef graphics, VideoDef video, Set<BhyveCapability> caps) {
        if (!caps.contains(BhyveCapability.LPC_BOOTROM) || BhyveDomain.bootloader(def) != null
            || def.os().loader() == null) {
            throw BhyveCommandBuilder.unsupported("Graphics are only supported when booting using UEFI");
        }
        if (!caps.contains(BhyveCapability.FBUF)) {
            throw BhyveCommandBuilder.unsupported("Bhyve version does not support framebuffer");
        }
        if (!"vnc".equals(graphics.type())) {
            throw BhyveCommandBuilder.unsupported("Only VNC supported");
        }
        // libvirt gives a VNC display without <listen> one listen of type address, no address
        GraphicsListen listen = graphics.listens().isEmpty() ? null : graphics.listens().get(0);
        String listenType = listen == null ? (graphics.socket() != null ? "socket" : "address")
            : listen.type() == null ? "address" : listen.type();
        PciAddress a = PciAddress.of(video);
        StringBuilder opt = new StringBuilder();
        opt.append(a == null ? 0 : a.slot()).append(':').append(a == null ? 0 : a.function()).append(",fbuf");
        if (!"address".equals(listenType) && !"network".equals(listenType)) {
            throw BhyveCommandBuilder.unsupported("Unsupported listen type");
        }
        opt.append(",tcp=");
        boolean autoport = Boolean.TRUE.equals(graphics.autoport());
        int port = graphics.port() == null ? 0 : graphics.port();
        if (!autoport && (port < 5900 || port > 65535)) {
            throw BhyveCommandBuilder.unsupported("vnc port must be in range [5900,65535]");
        }
        String address = listen == null ? null : listen.address();
        if (address != null) {
            BhyveValues.optionValue(address, "VNC listen address");
            opt.append(address.indexOf(':') >= 0 ? "[" + address + "]" : address);
        }
        // an autoport display has the port the process half allocated filled in (0 in a dry run, as libvirt)
        opt.append(':').append(Math.max(port, 0));
        String passwd = graphics.passwd();
        if (passwd != null) {
            if (!caps.contains(BhyveCapability.VNC_PASSWORD)) {
                throw BhyveCommandBuilder.unsupported("VNC Password authentication not supported by bhyve");
            }
            if (passwd.indexOf(',') >= 0) {
                throw BhyveCommandBuilder.unsupported("Password may not contain ',' character");
            }
            if (!BhyveValues.printable(passwd)) {
                throw BhyveCommandBuilder.unsupported("Password may not contain control characters");
            }
            opt.append(",password=").append(passwd);
        }
        XmlElement res = child(video.modelChildren(), "resolution");
        if (res != null) {
            opt.append(",w=").append(number(res, "x")).append(",h=").append(number(res, "y"));
        }
        XmlElement driver = child(video.children(), "driver");
        if (driver != null && driver.attributes().get("vgaconf") != null) {
            String vga = driver.attributes().get("vgaconf");
            if (!vga.equals("on") && !vga.equals("off") && !vga.equals("io")) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "Unknown vgaconf value '" + vga + "'");
            }
            opt.append(",vga=").append(vga);
        }
        return opt.toString();
    }

    private static XmlElement child(java.util.List<XmlElement> list, String name) {
        for (XmlElement e : list) {
            if (name.equals(e.name())) {
                return e;
            }
        }
        return null;
    }

    private static long number(XmlElement e, String attr) {
        String v = e.attributes().get(attr);
        try {
            long n = Long.parseLong(v == null ? "" : v.trim());
            if (n < 0 || n > 0xffffffffL) {
                throw new NumberFormatException(v);
            }
            return n;
        } catch (NumberFormatException ex) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                "cannot parse video resolution '" + attr + "'");
        }
    }
}
