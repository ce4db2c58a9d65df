package io.jvirt.api.domain;

import java.io.StringReader;
import java.util.Locale;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** Reads and writes libvirt's domain XML. */
public final class DomainXml {

    /** Documents larger than this are refused before parsing (libvirt's own limit is 10 MiB). */
    public static final int MAX_CHARS = 10 * 1024 * 1024;

    private DomainXml() {
    }

    /**
     * Parses a domain definition.
     *
     * @throws VirtException XML_ERROR for malformed XML or a missing name, INVALID_ARG for bad values
     */
    public static DomainDef parse(String xml) {
        Element root = parseDocument(xml).getDocumentElement();
        if (!"domain".equals(root.getTagName())) {
            throw xmlError("unexpected root element <" + root.getTagName() + ">, expecting <domain>");
        }
        DomainDef def = new DomainDef();
        String type = root.getAttribute("type");
        if (type.isEmpty()) {
            throw xmlError("missing domain type attribute");
        }
        def.type(type);
        String name = text(root, "name");
        if (name == null || name.isEmpty()) {
            throw new VirtException(ErrorCode.NO_NAME, ErrorDomain.DOMAIN, "domain");
        }
        def.name(name);
        String uuid = text(root, "uuid");
        def.uuid(uuid == null ? UUID.randomUUID() : parseUuid(uuid));
        def.title(text(root, "title"));
        def.description(text(root, "description"));
        Element memory = child(root, "memory");
        if (memory != null) {
            def.memoryKiB(toKiB(memory));
        }
        Element current = child(root, "currentMemory");
        if (current != null) {
            def.currentMemoryKiB(toKiB(current));
        }
        Element vcpu = child(root, "vcpu");
        if (vcpu != null) {
            def.vcpus(parseInt(vcpu.getTextContent().trim(), "vcpu"));
            if (!vcpu.getAttribute("current").isEmpty()) {
                def.currentVcpus(parseInt(vcpu.getAttribute("current"), "vcpu current"));
            }
        }
        Element os = child(root, "os");
        Element osType = os == null ? null : child(os, "type");
        if (osType != null) {
            String t = osType.getTextContent().trim();
            // libvirt reads the historic Xen PV name as "linux"
            def.osType("xen".equals(t) ? "linux" : t);
            def.arch(emptyToNull(osType.getAttribute("arch")));
            def.machine(emptyToNull(osType.getAttribute("machine")));
        }
        return def;
    }

    /** Formats an inactive definition as libvirt writes it (2-space indent, libvirt's element order). */
    public static String format(DomainDef def) {
        return format(def, -1);
    }

    /** Formats a definition; a running domain's {@code id} (&gt;= 0) is written as libvirt does. */
    public static String format(DomainDef def, int id) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("<domain type='").append(escape(def.type())).append('\'');
        if (id >= 0) {
            sb.append(" id='").append(id).append('\'');
        }
        sb.append(">\n");
        line(sb, "name", def.name());
        line(sb, "uuid", def.uuid().toString());
        if (def.title() != null) {
            line(sb, "title", def.title());
        }
        if (def.description() != null) {
            line(sb, "description", def.description());
        }
        sb.append("  <memory unit='KiB'>").append(def.memoryKiB()).append("</memory>\n");
        sb.append("  <currentMemory unit='KiB'>").append(def.currentMemoryKiB()).append("</currentMemory>\n");
        sb.append("  <vcpu placement='static'");
        if (def.currentVcpus() != def.vcpus()) {
            sb.append(" current='").append(def.currentVcpus()).append('\'');
        }
        sb.append('>').append(def.vcpus()).append("</vcpu>\n");
        sb.append("  <os>\n    <type");
        if (def.arch() != null) {
            sb.append(" arch='").append(escape(def.arch())).append('\'');
        }
        if (def.machine() != null) {
            sb.append(" machine='").append(escape(def.machine())).append('\'');
        }
        sb.append('>').append(escape(def.osType())).append("</type>\n  </os>\n");
        sb.append("</domain>\n");
        return sb.toString();
    }

    private static void line(StringBuilder sb, String tag, String value) {
        sb.append("  <").append(tag).append('>').append(escape(value)).append("</").append(tag).append(">\n");
    }

    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '\'' -> "&apos;";
                case '"' -> "&quot;";
                default -> null;
            };
            if (rep != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (rep != null) {
                    out.append(rep);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    private static Document parseDocument(String xml) {
        if (xml == null || xml.isBlank()) {
            throw xmlError("(domain_definition):1: Document is empty");
        }
        if (xml.length() > MAX_CHARS) {
            throw xmlError("document larger than " + MAX_CHARS + " characters");
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | java.io.IOException e) {
            throw xmlError(e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.XML, e.getMessage(), e);
        }
    }

    private static long toKiB(Element e) {
        String text = e.getTextContent().trim();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException ex) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                "Invalid value '" + text + "' for element or attribute './" + e.getTagName() + "[1]'");
        }
        String unit = e.getAttribute("unit").toLowerCase(Locale.ROOT);
        long scale = switch (unit) {
            case "", "k", "kib" -> 1024;
            case "b", "bytes" -> 1;
            case "kb" -> 1000;
            case "m", "mib" -> 1024L * 1024;
            case "mb" -> 1000L * 1000;
            case "g", "gib" -> 1024L * 1024 * 1024;
            case "gb" -> 1000L * 1000 * 1000;
            case "t", "tib" -> 1024L * 1024 * 1024 * 1024;
            case "tb" -> 1000L * 1000 * 1000 * 1000;
            default -> throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "unknown suffix '" + e.getAttribute("unit") + "'");
        };
        // libvirt rounds up to whole KiB
        return Math.multiplyExact(value, scale) / 1024 + (Math.multiplyExact(value, scale) % 1024 == 0 ? 0 : 1);
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "invalid " + what + " '" + s + "'");
        }
    }

    private static UUID parseUuid(String s) {
        String hex = s.trim().replace("-", "");
        if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "malformed uuid element");
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && tag.equals(e.getLocalName() == null ? e.getTagName() : e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String tag) {
        Element e = child(parent, tag);
        return e == null ? null : e.getTextContent().trim();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, detail);
    }
}
