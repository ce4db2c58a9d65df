package io.jvirt.driver.hyperv;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.BackoffPoll;
import io.jvirt.core.kit.remote.FaultCodes;
import io.jvirt.core.kit.remote.HttpTransport;
import io.jvirt.core.kit.remote.RemoteFault;
import io.jvirt.core.kit.remote.SoapEnvelope;
import io.jvirt.core.kit.remote.SoapEnvelope.SoapVersion;
import io.jvirt.core.kit.remote.SoapFault;
import io.jvirt.core.kit.remote.SoapTransport;
import io.jvirt.core.kit.remote.XmlDom;

/**
 * The WS-Management client of one connection (libvirt's openwsman calls in hyperv_wmi.c), over the
 * kit's {@link SoapTransport} (SOAP 1.2, every exchange bounded in time and size):
 * <ul>
 * <li>{@link #enumerate}: Enumerate with a WQL filter, then Pull until EndOfSequence, {@code
 *     maxElements} items per Pull: the request count grows with the pages, not the instances
 *     (libvirt pulls one item per request);</li>
 * <li>{@link #enumerateEpr}: the same in EnumerateEPR mode, for reference parameters;</li>
 * <li>{@link #invoke}: a method with selectors, whose ReturnValue 4096 starts a job that is polled
 *     ({@code Msvm_ConcreteJob}) until it completes or fails, at most the job timeout;</li>
 * <li>a SOAP fault is a VirtException with the fault's text, in libvirt's words.</li>
 * </ul>
 * Thread-safe: calls of one connection may overlap.
 */
final class WsmanClient {

    private static final Logger LOG = LoggerFactory.getLogger(WsmanClient.class);

    static final int RC_COMPLETED = 0;
    static final int RC_JOB_STARTED = 4096;

    /** libvirt maps every fault to INTERNAL_ERROR; a refused login is better told as AUTH_FAILED. */
    private static final FaultCodes FAULTS = FaultCodes.otherwise(ErrorCode.INTERNAL_ERROR)
        .map(ErrorCode.AUTH_FAILED, "AccessDenied");

    private final SoapTransport soap;
    private final String to;
    private final int maxElements;
    private final long maxItems;
    private final Duration jobTimeout;

    /**
     * @param maxElements items asked per Pull
     * @param maxItems    the most items one enumeration may return (a server that never ends is refused)
     * @param jobTimeout  the longest wait for one job
     */
    WsmanClient(HttpTransport http, int maxElements, long maxItems, Duration jobTimeout) {
        this.soap = new SoapTransport(http, WsmanClient::fault, "a WS-Management (WinRM) server");
        this.to = http.url().toString();
        this.maxElements = maxElements;
        this.maxItems = maxItems;
        this.jobTimeout = jobTimeout;
    }

    private static VirtException fault(String operation, SoapFault f) {
        String detail = f.detail() == null ? null : f.detail().getTextContent().strip();
        // the subcode's prefix is whatever the server declared ("w:", "wsman:"): map on the local part
        String local = f.code() == null ? null : f.code().substring(f.code().indexOf(':') + 1);
        return new RemoteFault(FAULTS.code(local), ErrorDomain.HYPERV, "SOAP fault during " + operation
            + ": code '" + f.code() + "', reason '" + f.reason() + "'" + (detail == null || detail.isEmpty() ? ""
                : ", detail '" + detail + "'"), local);
    }

    /** Every instance {@code wql} selects; {@code className} is the class of the items (the result class of an ASSOCIATORS OF query). */
    List<WmiObject> enumerate(String className, String wql) {
        List<WmiObject> out = new ArrayList<>();
        for (Element item : enumerateItems(className, wql, false)) {
            out.add(WmiObject.from(item));
        }
        return out;
    }

    /** The endpoint references of the instances {@code wql} selects (EnumerateEPR mode). */
    List<Epr> enumerateEpr(String className, String wql) {
        List<Epr> out = new ArrayList<>();
        for (Element item : enumerateItems(className, wql, true)) {
            Epr epr = Epr.from(item);
            if (epr == null) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                    "Could not lookup EPR item reference parameters");
            }
            out.add(epr);
        }
        return out;
    }

    private List<Element> enumerateItems(String className, String wql, boolean epr) {
        LOG.debug("WQL {}", wql);
        Element resp = call(Wsman.ACTION_ENUMERATE, Wsman.rootUri(className), Map.of(), "Enumerate", Wsman.NS_WSEN, b -> {
            b.text("wsman:MaxElements", maxElements);
            b.text("wsman:Filter", wql, "Dialect", Wsman.WQL_DIALECT);
            if (epr) {
                b.text("wsman:EnumerationMode", "EnumerateEPR");
            }
        });
        List<Element> items = new ArrayList<>();
        String context = XmlDom.text(resp, "EnumerationContext");
        String classUri = Wsman.classUri(className);
        while (context != null && !context.isEmpty()) {
            String ctx = context;
            Element pull = call(Wsman.ACTION_PULL, classUri, Map.of(), "Pull", Wsman.NS_WSEN, b -> {
                b.text("EnumerationContext", ctx);
                b.text("MaxElements", maxElements);
            });
            List<Element> page = XmlDom.children(XmlDom.child(pull, "Items"), null);
            items.addAll(page);
            if (items.size() > maxItems) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.HYPERV, "The enumeration of "
                    + className + " returned more than " + maxItems + " items");
            }
            if (XmlDom.child(pull, "EndOfSequence") != null || page.isEmpty()) {
                // libvirt stops too when a pull returns nothing: no server loops it forever
                break;
            }
            context = XmlDom.text(pull, "EnumerationContext");
        }
        return items;
    }

    /**
     * Invokes {@code method} of the instance {@code selectors} pick, with the arguments
     * {@code params} writes into {@code <p:METHOD_INPUT>}; waits for the job it starts.
     *
     * @return the method's output element
     */
    Element invoke(String className, String method, Map<String, String> selectors, Consumer<SoapEnvelope> params) {
        String classUri = Wsman.classUri(className);
        Element out = call(classUri + "/" + method, classUri, selectors, method + "_INPUT", classUri, params);
        String rv = XmlDom.text(out, "ReturnValue");
        if (rv == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "Could not get return value for " + method + " invocation");
        }
        int code;
        try {
            code = Integer.parseInt(rv);
        } catch (NumberFormatException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "Could not parse return code from '" + rv + "'");
        }
        if (code == RC_JOB_STARTED) {
            Epr job = Epr.from(XmlDom.child(out, "Job") == null ? out : XmlDom.child(out, "Job"));
            String id = job == null ? null : job.selectors().get("InstanceID");
            if (id == null) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                    "Could not get instance ID for " + method + " invocation");
            }
            waitForJob(method, id);
        } else if (code != RC_COMPLETED) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "Invocation of " + method
                + " returned an error: " + returnCodeText(code) + " (" + code + ")");
        }
        return out;
    }

    /** Invokes a method of the host's {@code Msvm_VirtualSystemManagementService} (libvirt's MSVM_VIRTUALSYSTEMMANAGEMENTSERVICE_SELECTOR). */
    Element invokeService(String method, Consumer<SoapEnvelope> params) {
        return invoke(SERVICE, method, Map.of("CreationClassName", SERVICE), params);
    }

    static final String SERVICE = "Msvm_VirtualSystemManagementService";

    /** An embedded-object parameter: the instance's CIM-XML as the element's (escaped) text. */
    static void embedded(SoapEnvelope b, String name, CimInstance instance) {
        b.text(name, instance.xml());
    }

    /** A reference parameter: the endpoint reference EnumerateEPR returned, as libvirt's hypervAddEprParam copies it. */
    static void reference(SoapEnvelope b, String name, Epr epr) {
        b.open(name).text("wsa:Address", epr.address()).open("wsa:ReferenceParameters")
            .text("wsman:ResourceURI", epr.resourceUri()).open("wsman:SelectorSet");
        epr.selectors().forEach((k, v) -> b.text("wsman:Selector", v, "Name", k));
        b.close("wsman:SelectorSet").close("wsa:ReferenceParameters").close(name);
    }

    /** Polls the job until it completes (7) or fails (8 to 11), at most the job timeout. */
    private void waitForJob(String method, String instanceId) {
        String wql = "SELECT * FROM Msvm_ConcreteJob WHERE InstanceID = '" + Wsman.wqlString(instanceId) + "'";
        WmiObject done = BackoffPoll.until(jobTimeout, () -> {
            List<WmiObject> jobs = enumerate("Msvm_ConcreteJob", wql);
            if (jobs.isEmpty()) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                    "Could not lookup Msvm_ConcreteJob for " + method + " invocation");
            }
            WmiObject j = jobs.get(0);
            long state = j.number("JobState", -1);
            if (state == 2 || state == 3 || state == 4 || state == 6) {
                return Optional.empty();
            }
            return Optional.of(j);
        }, ErrorDomain.HYPERV, "Timeout waiting for " + method + " invocation");
        long state = done.number("JobState", -1);
        if (state == 7) {
            return;
        }
        String why = done.str("ErrorDescription");
        if (state >= 8 && state <= 11) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "Concrete job for " + method
                + " invocation is in error state" + (why == null || why.isBlank() ? "" : ": " + why.strip()));
        }
        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
            "Concrete job for " + method + " invocation is in unknown state");
    }

    /** libvirt's {@code hypervReturnCodeToString}. */
    static String returnCodeText(int code) {
        return switch (code) {
            case 0 -> "Completed with no error";
            case 1 -> "Not supported";
            case 2 -> "Unknown error";
            case 3 -> "Cannot complete within timeout period";
            case 4 -> "Failed";
            case 5 -> "Invalid parameter";
            case 6 -> "In use";
            case 4096 -> "Transition started";
            case 4097 -> "Invalid state transition";
            case 4098 -> "Timeout parameter not supported";
            case 4099 -> "Busy";
            default -> "Unknown return code";
        };
    }

    private Element call(String action, String resourceUri, Map<String, String> selectors, String operation,
                         String operationNs, Consumer<SoapEnvelope> body) {
        Map<String, String> ns = new LinkedHashMap<>();
        ns.put("wsa", Wsman.NS_WSA);
        ns.put("wsman", Wsman.NS_WSMAN);
        SoapEnvelope e = SoapEnvelope.request(SoapVersion.SOAP_1_2, ns, h -> {
            h.text("wsa:To", to);
            h.text("wsman:ResourceURI", resourceUri, "soapenv:mustUnderstand", "true");
            h.open("wsa:ReplyTo").text("wsa:Address", Wsman.ANONYMOUS, "soapenv:mustUnderstand", "true").close("wsa:ReplyTo");
            h.text("wsa:Action", action, "soapenv:mustUnderstand", "true");
            h.text("wsa:MessageID", "uuid:" + UUID.randomUUID());
            if (!selectors.isEmpty()) {
                h.open("wsman:SelectorSet");
                selectors.forEach((k, v) -> h.text("wsman:Selector", v, "Name", k));
                h.close("wsman:SelectorSet");
            }
        }, operation, operationNs);
        body.accept(e);
        // an Enumerate only opens a read on the server: repeatable; a Pull moves the enumeration
        // on and a method invocation may change the host, so they are sent once
        return Wsman.ACTION_ENUMERATE.equals(action) ? soap.callRepeatable(e) : soap.call(e);
    }
}
