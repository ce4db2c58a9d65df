package io.jvirt.driver.esx;

import org.w3c.dom.Element;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.core.kit.remote.FaultCodes;
import io.jvirt.core.kit.remote.RemoteFault;
import io.jvirt.core.kit.remote.SoapFault;
import io.jvirt.core.kit.remote.XmlDom;

/**
 * vSphere's faults in libvirt's codes: the fault's type (the {@code detail} element's
 * {@code xsi:type}, e.g. "InvalidLogin") picks the code, and the message keeps the server's own
 * words, as libvirt reports "Fault: TYPE - message".
 */
final class VimFault {

    /** vSphere's fault types as libvirt's codes; any other is INTERNAL_ERROR. */
    static final FaultCodes CODES = FaultCodes.otherwise(ErrorCode.INTERNAL_ERROR)
        .map(ErrorCode.AUTH_FAILED, "InvalidLogin", "NotAuthenticated", "NoPermission", "InvalidLocale")
        .map(ErrorCode.NO_DOMAIN, "ManagedObjectNotFound")
        .map(ErrorCode.OPERATION_INVALID, "InvalidPowerState", "InvalidState", "TaskInProgress", "ToolsUnavailable")
        .map(ErrorCode.DOM_EXIST, "DuplicateName", "AlreadyExists")
        .map(ErrorCode.INVALID_ARG, "InvalidArgument", "InvalidRequest", "InvalidName")
        .map(ErrorCode.NO_SUPPORT, "NotSupported", "NotImplemented", "MethodNotFound");

    private VimFault() {
    }

    /** A SOAP fault answering {@code method}. */
    static RemoteFault from(String method, SoapFault fault) {
        return exception(method, fault.detailType(), fault.reason());
    }

    /** A task's {@code info.error} (a LocalizedMethodFault: {@code fault} + {@code localizedMessage}). */
    static String taskMessage(Element error) {
        if (error == null) {
            return "unknown error";
        }
        String msg = XmlDom.text(error, "localizedMessage");
        String type = taskFaultType(error);
        if (msg == null || msg.isEmpty()) {
            msg = type != null ? type : "unknown error";
        }
        return type != null && !msg.contains(type) ? msg + " (" + type + ")" : msg;
    }

    /** The type of a task's error, or null. */
    static String taskFaultType(Element error) {
        Element fault = XmlDom.child(error, "fault");
        return fault == null ? null : XmlDom.xsiType(fault);
    }

    static RemoteFault exception(String method, String type, String message) {
        String t = bare(type);
        String text = (type == null ? "" : t + " - ") + (message == null ? "" : message);
        return new RemoteFault(CODES.code(t), ErrorDomain.ESX, "Fault for call to '" + method + "': " + text, t);
    }

    /** The code of a fault type, with or without its "Fault" suffix ("InvalidLoginFault"). */
    static ErrorCode code(String type) {
        return CODES.code(bare(type));
    }

    private static String bare(String type) {
        return type == null ? "" : type.endsWith("Fault") ? type.substring(0, type.length() - 5) : type;
    }
}
