package io.jvirt.driver.hyperv;

/**
 * The WS-Management names the driver writes and reads: namespaces, actions and the resource URIs
 * of the WMI classes (v2 virtualization classes for {@code Msvm_*}, {@code root/cimv2} for the
 * rest), as libvirt's openwsman client sends them.
 */
final class Wsman {

    static final String NS_WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    static final String NS_WSEN = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
    static final String NS_WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    static final String ANONYMOUS = NS_WSA + "/role/anonymous";
    static final String ACTION_ENUMERATE = NS_WSEN + "/Enumerate";
    static final String ACTION_PULL = NS_WSEN + "/Pull";
    static final String WQL_DIALECT = "http://schemas.microsoft.com/wbem/wsman/1/WQL";
    static final String V2 = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/";
    static final String CIMV2 = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/";

    private Wsman() {
    }

    /** The resource URI of a class: {@code .../root/virtualization/v2/Msvm_ComputerSystem}. */
    static String classUri(String className) {
        return (className.startsWith("Msvm_") ? V2 : CIMV2) + className;
    }

    /** The namespace's wildcard URI enumerations are sent to ({@code .../v2/*}). */
    static String rootUri(String className) {
        return (className.startsWith("Msvm_") ? V2 : CIMV2) + "*";
    }

    /**
     * A WQL string literal's content: libvirt's {@code virBufferEscapeSQL} escapes quote and
     * backslash with a backslash. Names come from users; nothing else may end the literal.
     */
    static String wqlString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
