package io.jvirt.driver.esx;

import org.w3c.dom.Element;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A SOAP fault from the vSphere API, turned into a {@link VirtException}: the fault's type (the
 * {@code detail} element's {@code xsi:type}, e.g. "InvalidLogin") picks the code, and the message
 * keeps the server's own words, as libvirt reports "Fault: TYPE - message".
 */
final class VimFault {

    private VimFault() {
    }

    /** Reads {@code <soapenv:Fault>}. */
    static VirtException from(String method, Element fault) {
        String message = Xml.text(fault, "faultstring");
        String type = null;
        Element detail = Xml.child(fault, "detail");
        if (detail != null) {
            for (Element e : Xml.children(detail, null)) {
                type = Xml.xsiType(e);
                if (type == null) {
                    type = Xml.local(e);
                }
                break;
            }
        }
        return exception(method, type, message);
    }

    /** A task's {@code info.error} (a LocalizedMethodFault: {@code fault} + {@code localizedMessage}). */
    static String taskMessage(Element error) {
        if (error == null) {
            return "unknown error";
        }
        String msg = Xml.text(error, "localizedMessage");
        Element fault = Xml.child(error, "fault");
        String type = fault == null ? null : Xml.xsiType(fault);
        if (msg == null || msg.isEmpty()) {
            msg = type != null ? type : "unknown error";
        }
        return type != null && !msg.contains(type) ? msg + " (" + type + ")" : msg;
    }

    /** The type of a task's error, or null. */
    static String taskFaultType(Element error) {
        Element fault = Xml.child(error, "fault");
        return fault == null ? null : Xml.xsiType(fault);
    }

    static VirtException exception(String method, String type, String message) {
        String t = type == null ? "" : type.endsWith("Fault") ? type.substring(0, type.length() - 5) : type;
        String text = (type == null ? "" : t + " - ") + (message == null ? "" : message);
        ErrorCode code = switch (t) {
            case "InvalidLogin", "NotAuthenticated", "NoPermission", "InvalidLocale" -> ErrorCode.AUTH_FAILED;
            case "ManagedObjectNotFound" -> ErrorCode.NO_DOMAIN;
            case "InvalidPowerState", "InvalidState", "TaskInProgress", "ToolsUnavailable" -> ErrorCode.OPERATION_INVALID;
            case "DuplicateName", "AlreadyExists" -> ErrorCode.DOM_EXIST;
            case "InvalidArgument", "InvalidRequest", "InvalidName" -> ErrorCode.INVALID_ARG;
            case "NotSupported", "NotImplemented", "MethodNotFound" -> ErrorCode.NO_SUPPORT;
            default -> ErrorCode.INTERNAL_ERROR;
        };
        return new VimException(code, "Fault for call to '" + method + "': " + text, t);
    }

    /** A VirtException that remembers the vSphere fault type (for the session's re-login). */
    static final class VimException extends VirtException {
        private static final long serialVersionUID = 1L;
        private final String faultType;

        VimException(ErrorCode code, String message, String faultType) {
            super(code, ErrorDomain.ESX, message);
            this.faultType = faultType;
        }

        String faultType() {
            return faultType;
        }
    }
}
