package io.jvirt.core.kit.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import io.jvirt.core.kit.remote.SoapEnvelope.SoapVersion;

/** SOAP requests as the kit writes them: whatever the values hold, the envelope stays well-formed and says only them. */
class SoapEnvelopeTest {

    @Test
    void valuesAreEscapedAndWhatXmlCannotCarryIsDropped() throws Exception {
        String env = SoapEnvelope.request(SoapVersion.SOAP_1_1, "Login", "urn:vim25")
            .text("_this", "ha-sessionmgr", "type", "SessionManager")
            .text("userName", "a<b&\"c'</userName><password>x")
            .text("password", "p\u0001w\uFFFE\uD800\uD83D\uDE00")
            .text("locale", null)
            .finish();
        assertTrue(env.contains("<Login xmlns=\"urn:vim25\"><_this type=\"SessionManager\">ha-sessionmgr</_this>"
            + "<userName>a&lt;b&amp;&quot;c&apos;&lt;/userName&gt;&lt;password&gt;x</userName>"
            + "<password>pw\uD83D\uDE00</password></Login>"), env);
        assertFalse(env.contains("locale"), "a null value writes nothing");
        Element root = XmlDom.parse(env.getBytes(StandardCharsets.UTF_8));
        Element login = XmlDom.first(XmlDom.child(root, "Body"));
        assertEquals("Login", XmlDom.local(login));
        assertEquals(3, XmlDom.children(login, null).size(), "no element smuggled in by a value");
    }

    @Test
    void attributeValuesAreEscapedAndNamesMustBeNames() {
        String env = SoapEnvelope.request(SoapVersion.SOAP_1_1, "M", "urn:x").text("a", "v", "k", "\"><evil/>").finish();
        assertTrue(env.contains("<a k=\"&quot;&gt;&lt;evil/&gt;\">v</a>"), env);
        assertThrows(IllegalArgumentException.class,
            () -> SoapEnvelope.request(SoapVersion.SOAP_1_1, "M", "urn:x").open("a b"));
        assertThrows(IllegalArgumentException.class,
            () -> SoapEnvelope.request(SoapVersion.SOAP_1_1, "M><x", "urn:x"));
        assertThrows(IllegalArgumentException.class,
            () -> SoapEnvelope.request(SoapVersion.SOAP_1_1, "M", "urn:x").open("a", "odd"));
    }

    @Test
    void aSoap12RequestWithWsManagementHeaders() throws Exception {
        Map<String, String> ns = new LinkedHashMap<>();
        ns.put("wsa", "http://schemas.xmlsoap.org/ws/2004/08/addressing");
        ns.put("wsman", "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd");
        SoapEnvelope e = SoapEnvelope.request(SoapVersion.SOAP_1_2, ns, h -> h
                .text("wsa:To", "https://host:5986/wsman")
                .text("wsman:ResourceURI", "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/*",
                    "soapenv:mustUnderstand", "true"),
            "Enumerate", "http://schemas.xmlsoap.org/ws/2004/09/enumeration");
        String env = e.finish();
        assertEquals("application/soap+xml; charset=utf-8", e.version().contentType());
        assertEquals("Enumerate", e.operation());
        Element root = XmlDom.parse(env.getBytes(StandardCharsets.UTF_8));
        assertEquals("http://www.w3.org/2003/05/soap-envelope", root.getNamespaceURI());
        Element header = XmlDom.child(root, "Header");
        assertEquals("https://host:5986/wsman", XmlDom.text(header, "To"));
        assertEquals("http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd", XmlDom.child(header, "ResourceURI").getNamespaceURI());
        assertEquals("Enumerate", XmlDom.local(XmlDom.first(XmlDom.child(root, "Body"))));
        assertEquals(env, e.finish(), "finishing twice changes nothing");
    }
}
