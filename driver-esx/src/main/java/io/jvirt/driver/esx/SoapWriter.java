package io.jvirt.driver.esx;

/**
 * Builds one vSphere SOAP request: {@code <soapenv:Envelope><soapenv:Body><Method xmlns="urn:vim25">...}.
 * Elements are written in the order the vim25 WSDL declares them (servers may check it); values
 * are escaped here, so callers pass plain text.
 */
public final class SoapWriter {

    static final String SOAPENV = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    static final String VIM25 = "urn:vim25";

    private final StringBuilder sb = new StringBuilder(512);
    private final String method;
    private boolean finished;

    /** Starts a call of {@code method} on {@code target} (the {@code _this} argument). */
    public SoapWriter(String method, MoRef target) {
        this.method = method;
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
            .append("<soapenv:Envelope xmlns:soapenv=\"").append(SOAPENV)
            .append("\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"").append(XSI).append("\">")
            .append("<soapenv:Body><").append(method).append(" xmlns=\"").append(VIM25).append("\">");
        ref("_this", target);
    }

    public String method() {
        return method;
    }

    /** {@code <name>text</name>}; nothing when {@code text} is null. */
    public SoapWriter text(String name, Object text) {
        if (text != null) {
            sb.append('<').append(name).append('>');
            escape(String.valueOf(text));
            sb.append("</").append(name).append('>');
        }
        return this;
    }

    /** {@code <name type="Type">value</name>}; nothing when {@code ref} is null. */
    public SoapWriter ref(String name, MoRef ref) {
        if (ref != null) {
            sb.append('<').append(name).append(" type=\"");
            escape(ref.type());
            sb.append("\">");
            escape(ref.value());
            sb.append("</").append(name).append('>');
        }
        return this;
    }

    /** Opens {@code <name>}, with {@code xsi:type} when {@code xsiType} is not null. */
    public SoapWriter open(String name, String xsiType) {
        sb.append('<').append(name);
        if (xsiType != null) {
            sb.append(" xsi:type=\"").append(xsiType).append('"');
        }
        sb.append('>');
        return this;
    }

    public SoapWriter open(String name) {
        return open(name, null);
    }

    public SoapWriter close(String name) {
        sb.append("</").append(name).append('>');
        return this;
    }

    /** The whole envelope. */
    public String finish() {
        if (!finished) {
            sb.append("</").append(method).append("></soapenv:Body></soapenv:Envelope>");
            finished = true;
        }
        return sb.toString();
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    // XML 1.0 cannot carry other control characters at all, not even as references
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
