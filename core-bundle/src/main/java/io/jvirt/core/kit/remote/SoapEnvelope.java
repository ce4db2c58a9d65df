package io.jvirt.core.kit.remote;

import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.jvirt.api.domain.XmlEscape;

/**
 * One SOAP request being written: the envelope, optional header entries, and the body's operation
 * element with its arguments, in the order the caller writes them (servers may check a WSDL's
 * order). Text and attribute values are escaped here, so callers pass plain text, whatever a user
 * or a server put in it: markup characters become references, and the characters XML 1.0 cannot
 * carry at all (control characters but tab, line feed and carriage return; lone surrogates;
 * U+FFFE, U+FFFF) are dropped, as libvirt's {@code virBufferEscapeString} drops them. Element and
 * attribute names come from the driver's code and must be plain XML names.
 *
 * <pre>{@code
 * String body = SoapEnvelope.request(SoapVersion.SOAP_1_1, "Login", "urn:vim25")
 *     .text("_this", "ha-sessionmgr", "type", "SessionManager")
 *     .text("userName", user).text("password", password).finish();
 * }</pre>
 *
 * @since 1.1.0
 */
public final class SoapEnvelope {

    /** The SOAP versions: their envelope namespace and the content type of a request. */
    public enum SoapVersion {
        /** SOAP 1.1 (vSphere): {@code text/xml} and a SOAPAction header. */
        SOAP_1_1("http://schemas.xmlsoap.org/soap/envelope/", "text/xml; charset=utf-8"),
        /** SOAP 1.2 (WS-Management): {@code application/soap+xml}. */
        SOAP_1_2("http://www.w3.org/2003/05/soap-envelope", "application/soap+xml; charset=utf-8");

        private final String namespace;
        private final String contentType;

        SoapVersion(String namespace, String contentType) {
            this.namespace = namespace;
            this.contentType = contentType;
        }

        public String namespace() {
            return namespace;
        }

        public String contentType() {
            return contentType;
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]*");

    private final StringBuilder sb = new StringBuilder(512);
    private final SoapVersion version;
    private String operation;
    private boolean finished;

    private SoapEnvelope(SoapVersion version, Map<String, String> namespaces) {
        this.version = version;
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"")
            .append(version.namespace()).append("\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"")
            .append(XmlDom.XSI).append('"');
        namespaces.forEach((prefix, uri) -> {
            sb.append(" xmlns:").append(name(prefix)).append("=\"");
            escape(uri);
            sb.append('"');
        });
        sb.append('>');
    }

    /** A request without header entries: the body's first element is {@code <operation xmlns="namespace">}. */
    public static SoapEnvelope request(SoapVersion version, String operation, String namespace) {
        return request(version, Map.of(), null, operation, namespace);
    }

    /**
     * A request with header entries, written by {@code header} through this writer's methods; the
     * {@code namespaces} (prefix to URI) are declared on the envelope, for the header's names
     * ({@code "wsa:To"}).
     */
    public static SoapEnvelope request(SoapVersion version, Map<String, String> namespaces, Consumer<SoapEnvelope> header,
                                       String operation, String namespace) {
        SoapEnvelope e = new SoapEnvelope(version, namespaces);
        if (header != null) {
            e.sb.append("<soapenv:Header>");
            header.accept(e);
            e.sb.append("</soapenv:Header>");
        }
        e.operation = name(operation);
        e.sb.append("<soapenv:Body><").append(operation).append(" xmlns=\"");
        e.escape(namespace);
        e.sb.append("\">");
        return e;
    }

    public SoapVersion version() {
        return version;
    }

    /** The body's operation ("RetrieveProperties"), which failures name. */
    public String operation() {
        return operation;
    }

    /**
     * {@code <name a="v" ...>text</name>}; nothing at all when {@code text} is null.
     *
     * @param attributes name and value pairs; a pair whose value is null is left out
     */
    public SoapEnvelope text(String name, Object text, String... attributes) {
        if (text != null) {
            open(name, attributes);
            escape(String.valueOf(text));
            close(name);
        }
        return this;
    }

    /** Opens {@code <name a="v" ...>}. */
    public SoapEnvelope open(String name, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name and value pairs");
        }
        sb.append('<').append(name(name));
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                sb.append(' ').append(name(attributes[i])).append("=\"");
                escape(attributes[i + 1]);
                sb.append('"');
            }
        }
        sb.append('>');
        return this;
    }

    /** Opens {@code <name xsi:type="type">}, or a plain {@code <name>} when {@code xsiType} is null. */
    public SoapEnvelope typed(String name, String xsiType) {
        return open(name, "xsi:type", xsiType);
    }

    public SoapEnvelope close(String name) {
        sb.append("</").append(name(name)).append('>');
        return this;
    }

    /** The whole envelope; further calls return the same text. */
    public String finish() {
        if (operation == null) {
            throw new IllegalStateException("no body yet");
        }
        if (!finished) {
            sb.append("</").append(operation).append("></soapenv:Body></soapenv:Envelope>");
            finished = true;
        }
        return sb.toString();
    }

    private static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an XML name: " + name);
        }
        return name;
    }

    private void escape(String s) {
        XmlEscape.append(sb, s);
    }
}
