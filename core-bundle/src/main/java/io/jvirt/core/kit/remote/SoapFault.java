package io.jvirt.core.kit.remote;

import org.w3c.dom.Element;

/**
 * A SOAP fault as a server sent it, SOAP 1.1 or 1.2, before the driver maps it to libvirt's codes
 * ({@link FaultCodes}).
 *
 * @param code       the fault code: SOAP 1.1's {@code faultcode}, SOAP 1.2's innermost
 *                   {@code Subcode/Value} (WS-Management puts its reason there), else
 *                   {@code Code/Value}; prefixes kept ("wsman:AccessDenied")
 * @param reason     the server's words ({@code faultstring}, {@code Reason/Text}), or null
 * @param detailType the type of the detail's first element: its {@code xsi:type} (vSphere:
 *                   "InvalidLogin"), else its local name; null without a detail
 * @param detail     the detail's first element, or null
 * @since 1.1.0
 */
public record SoapFault(String code, String reason, String detailType, Element detail) {

    /** Whether {@code e} is a {@code <Fault>} element of either version. */
    public static boolean isFault(Element e) {
        return e != null && "Fault".equals(XmlDom.local(e));
    }

    /** Reads a {@code <soapenv:Fault>} element of either version. */
    public static SoapFault read(Element fault) {
        String code = XmlDom.text(fault, "faultcode");
        String reason = XmlDom.text(fault, "faultstring");
        Element detail = XmlDom.child(fault, "detail");
        Element code12 = XmlDom.child(fault, "Code");
        if (code12 != null) {
            // SOAP 1.2: Code/Value, then Subcode/Value nested as deep as the server went
            code = XmlDom.text(code12, "Value");
            for (Element sub = XmlDom.child(code12, "Subcode"); sub != null; sub = XmlDom.child(sub, "Subcode")) {
                String v = XmlDom.text(sub, "Value");
                code = v != null ? v : code;
            }
            reason = XmlDom.text(XmlDom.child(fault, "Reason"), "Text");
            detail = XmlDom.child(fault, "Detail");
        }
        Element first = XmlDom.first(detail);
        String type = null;
        if (first != null) {
            type = XmlDom.xsiType(first);
            type = type != null ? type : XmlDom.local(first);
        }
        return new SoapFault(code, reason, type, first);
    }
}
