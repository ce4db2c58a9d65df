package io.jvirt.driver.hyperv;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.jvirt.api.domain.XmlEscape;
import io.jvirt.core.kit.remote.XmlDom;

/**
 * A strict stand-in for a Hyper-V host's WinRM service, on a loopback port: POST {@code /wsman},
 * SOAP 1.2, Basic authentication (401 otherwise), Enumerate/Pull (EnumerateEPR too) over the WQL
 * libvirt sends ({@link Wql}), paged at most {@link #pageSize} items per Pull, and Invoke of
 * {@code Msvm_ComputerSystem.RequestStateChange} and {@code Msvm_ShutdownComponent.InitiateShutdown},
 * whose jobs progress over a few polls ({@link StandInModel}), and of the management service's
 * DefineSystem, DestroySystem, ModifyResourceSettings and ModifySystemSettings ({@link ManagementService},
 * which checks every embedded CIM-XML instance). It checks what it receives (content
 * type, envelope, To, ReplyTo, Action, ResourceURI and mustUnderstand, MessageID, the operation's
 * namespace, selectors, parameters) and answers anything it does not know with a SOAP fault, so a
 * wrong message fails a test instead of being accepted. Requests are served one at a time.
 *
 * <p>Public, with a small public view of the host ({@link #addVm}, {@link #vms}), for the
 * distribution's test in another package (itests' HypervDistributionIT, through this module's test jar).
 */
public final class WsmanStandIn implements AutoCloseable {

    static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

    static {
        // the JDK server writes an answer's headers and body apart: without TCP_NODELAY every
        // exchange waits for the client's delayed ACK (about 40 ms); read once, before the first server
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final StandInModel model = new StandInModel();
    private final ManagementService management = new ManagementService(this);
    /** The most items one Pull returns, whatever MaxElements asks. */
    volatile int pageSize = 25;
    final String user;
    final String password;
    /** Every request by action (the last path part of the action URI: Enumerate, Pull, RequestStateChange). */
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    final AtomicInteger total = new AtomicInteger();
    final AtomicInteger unauthorized = new AtomicInteger();
    /** Every WQL query received, in order. */
    final List<String> queries = java.util.Collections.synchronizedList(new ArrayList<>());

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Enumeration> contexts = new LinkedHashMap<>();
    private final Object lock = new Object();

    private record Enumeration(String className, List<StandInModel.Instance> left, boolean epr) {
    }

    /** A fault the server answers: code (Sender/Receiver), WS-Man subcode, reason. */
    static final class Fault extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String subcode;

        Fault(String subcode, String reason) {
            super(reason);
            this.subcode = subcode;
        }
    }

    private WsmanStandIn(String user, String password) throws IOException {
        this.user = user;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "wsman-standin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static WsmanStandIn start(String user, String password) throws IOException {
        return new WsmanStandIn(user, password);
    }

    /** A VM of the stand-in's host as its model holds it: state is the logical state's name (OFF, RUNNING, PAUSED, SAVED ...). */
    public record VmView(UUID uuid, String name, String state, int pid, int vcpus, long memoryMB, long maxMemoryMB) {
    }

    /** Adds a VM, shut off, to the host; returns its UUID. */
    public UUID addVm(String name, int vcpus, long memoryMB) {
        return withModel(m -> {
            StandInModel.VmState vm = m.add(name);
            vm.vcpus = vcpus;
            vm.memoryMB = memoryMB;
            return vm.uuid;
        });
    }

    /** The host's VMs by name (names are unique in the tests that use this view). */
    public Map<String, VmView> vms() {
        return withModel(m -> {
            Map<String, VmView> out = new java.util.TreeMap<>();
            for (StandInModel.VmState vm : m.vms.values()) {
                out.put(vm.name, new VmView(vm.uuid, vm.name, vm.state.name(), vm.pid, vm.vcpus, vm.memoryMB, vm.limit()));
            }
            return out;
        });
    }

    /**
     * The device settings of the VM of that name, in the host's order, each as its ResourceSubType
     * and, when it has one, its HostResource or Connection ("Microsoft:Hyper-V:Virtual Hard Disk C:\\a.vhdx").
     */
    public List<String> deviceSettings(String name) {
        return withModel(m -> {
            List<String> out = new ArrayList<>();
            for (StandInModel.VmState vm : m.vms.values()) {
                if (vm.name.equals(name)) {
                    for (StandInModel.Resource r : vm.resources) {
                        String v = r.str("HostResource") != null ? r.str("HostResource") : r.str("Connection");
                        out.add(r.str("ResourceSubType") + (v == null || v.isEmpty() ? "" : " " + v));
                    }
                }
            }
            return out;
        });
    }

    /** Every management-service call received so far, in order ("DefineSystem", "DestroySystem" ...). */
    public List<String> serviceCalls() {
        return withModel(m -> List.copyOf(m.serviceCalls));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/wsman";
    }

    int count(String action) {
        AtomicInteger n = requests.get(action);
        return n == null ? 0 : n.get();
    }

    void resetCounts() {
        requests.clear();
        total.set(0);
        queries.clear();
    }

    /** Runs {@code r} on the model under the server's lock (tests change the host while the driver talks to it). */
    <T> T withModel(java.util.function.Function<StandInModel, T> r) {
        synchronized (lock) {
            return r.apply(model);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------- HTTP ----------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(1 << 20);
            }
            if (!"/wsman".equals(ex.getRequestURI().getPath())) {
                send(ex, 404, "text/plain", "not found");
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, "text/plain", "POST only");
                return;
            }
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                unauthorized.incrementAndGet();
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"WSMAN\"");
                send(ex, 401, "text/plain", "");
                return;
            }
            total.incrementAndGet();
            String ct = ex.getRequestHeaders().getFirst("Content-Type");
            String reply;
            int status = 200;
            try {
                if (ct == null || !ct.startsWith("application/soap+xml")) {
                    throw new Fault("wsman:EncodingLimit", "content type must be application/soap+xml (SOAP 1.2), not " + ct);
                }
                synchronized (lock) {
                    reply = dispatch(body);
                }
            } catch (Fault f) {
                status = 500;
                reply = fault(f.subcode, f.getMessage());
            } catch (IllegalArgumentException e) {
                status = 500;
                reply = fault("wsman:CannotProcessFilter", e.getMessage());
            }
            send(ex, status, "application/soap+xml;charset=UTF-8", reply);
        }
    }

    private static void send(HttpExchange ex, int status, String type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    // ---------- SOAP ----------

    private String dispatch(byte[] body) {
        Element env;
        try {
            env = XmlDom.parse(body);
        } catch (SAXException e) {
            throw new Fault("wsman:SchemaValidationError", "not XML: " + e.getMessage());
        }
        if (!"Envelope".equals(XmlDom.local(env)) || !SOAP12.equals(env.getNamespaceURI())) {
            throw new Fault("wsman:SchemaValidationError", "not a SOAP 1.2 envelope");
        }
        Element header = XmlDom.child(env, "Header");
        Element soapBody = XmlDom.child(env, "Body");
        if (header == null || soapBody == null) {
            throw new Fault("wsman:SchemaValidationError", "envelope without header or body");
        }
        String action = headerText(header, "Action", Wsman.NS_WSA, true);
        String resourceUri = headerText(header, "ResourceURI", Wsman.NS_WSMAN, true);
        String to = headerText(header, "To", Wsman.NS_WSA, false);
        if (!to.endsWith("/wsman")) {
            throw new Fault("wsa:DestinationUnreachable", "To is not this server's /wsman: " + to);
        }
        String msgId = headerText(header, "MessageID", Wsman.NS_WSA, false);
        if (!msgId.startsWith("uuid:")) {
            throw new Fault("wsa:InvalidMessageInformationHeader", "MessageID is not a uuid: URN: " + msgId);
        }
        Element replyTo = child(header, "ReplyTo", Wsman.NS_WSA);
        if (replyTo == null || !Wsman.ANONYMOUS.equals(XmlDom.text(replyTo, "Address"))) {
            throw new Fault("wsa:InvalidMessageInformationHeader", "ReplyTo must be the anonymous address");
        }
        Map<String, String> selectors = new LinkedHashMap<>();
        Element set = child(header, "SelectorSet", Wsman.NS_WSMAN);
        if (set != null) {
            for (Element s : XmlDom.children(set, "Selector")) {
                selectors.put(s.getAttribute("Name"), s.getTextContent());
            }
        }
        String name = action.substring(action.lastIndexOf('/') + 1);
        requests.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        Element op = XmlDom.first(soapBody);
        if (Wsman.ACTION_ENUMERATE.equals(action)) {
            return enumerate(resourceUri, selectors, op);
        }
        if (Wsman.ACTION_PULL.equals(action)) {
            return pull(resourceUri, selectors, op);
        }
        return invoke(action, resourceUri, selectors, op);
    }

    private static Element child(Element parent, String local, String ns) {
        Element e = XmlDom.child(parent, local);
        return e != null && ns.equals(e.getNamespaceURI()) ? e : null;
    }

    private static String headerText(Element header, String local, String ns, boolean mustUnderstand) {
        Element e = child(header, local, ns);
        if (e == null || e.getTextContent().isBlank()) {
            throw new Fault("wsa:MessageInformationHeaderRequired", "header " + local + " missing");
        }
        if (mustUnderstand && !"true".equals(e.getAttributeNS(SOAP12, "mustUnderstand"))) {
            throw new Fault("wsa:InvalidMessageInformationHeader", "header " + local + " without mustUnderstand=\"true\"");
        }
        return e.getTextContent().strip();
    }

    // ---------- enumeration ----------

    private String enumerate(String resourceUri, Map<String, String> selectors, Element op) {
        if (op == null || !"Enumerate".equals(XmlDom.local(op)) || !Wsman.NS_WSEN.equals(op.getNamespaceURI())) {
            throw new Fault("wsman:SchemaValidationError", "Enumerate action without a wsen:Enumerate body");
        }
        if (!selectors.isEmpty()) {
            throw new Fault("wsman:InvalidSelectors", "an enumeration takes no selectors");
        }
        Element filter = child(op, "Filter", Wsman.NS_WSMAN);
        if (filter == null || !Wsman.WQL_DIALECT.equals(filter.getAttribute("Dialect"))) {
            throw new Fault("wsman:FilterDialectRequestedUnavailable", "only WQL filters are served");
        }
        String wql = filter.getTextContent();
        queries.add(wql);
        Element mode = child(op, "EnumerationMode", Wsman.NS_WSMAN);
        boolean epr = false;
        if (mode != null) {
            if (!"EnumerateEPR".equals(mode.getTextContent().strip())) {
                throw new Fault("wsman:UnsupportedFeature", "enumeration mode " + mode.getTextContent());
            }
            epr = true;
        }
        Wql.Query q = Wql.parse(wql);
        String cls = q.itemClass();
        if (!resourceUri.equals(Wsman.rootUri(cls))) {
            throw new Fault("wsa:DestinationUnreachable", "an enumeration of " + cls + " goes to " + Wsman.rootUri(cls)
                + ", not " + resourceUri);
        }
        List<StandInModel.Instance> found;
        if (q.associators()) {
            found = model.associators(q);
        } else {
            List<StandInModel.Instance> all = model.instances(q.className());
            if (all == null) {
                throw new Fault("wsman:CannotProcessFilter", "Invalid class " + q.className());
            }
            found = new ArrayList<>();
            for (StandInModel.Instance i : all) {
                Wql.Props props = new Wql.Props() {
                    @Override
                    public String get(String name) {
                        if (!i.props().containsKey(name)) {
                            throw new Fault("wsman:CannotProcessFilter", "Invalid property " + name + " of " + i.className());
                        }
                        Object v = i.props().get(name);
                        return v == null ? null : v.toString();
                    }

                    @Override
                    public String server() {
                        return StandInModel.HOST;
                    }
                };
                if (q.where().test(props)) {
                    found.add(i);
                }
            }
        }
        String ctx = "uuid:" + UUID.randomUUID();
        contexts.put(ctx, new Enumeration(cls, new ArrayList<>(found), epr));
        return envelope(Wsman.NS_WSEN + "/EnumerateResponse", "<n:EnumerateResponse><n:EnumerationContext>" + ctx
            + "</n:EnumerationContext></n:EnumerateResponse>");
    }

    private String pull(String resourceUri, Map<String, String> selectors, Element op) {
        if (op == null || !"Pull".equals(XmlDom.local(op)) || !Wsman.NS_WSEN.equals(op.getNamespaceURI())) {
            throw new Fault("wsman:SchemaValidationError", "Pull action without a wsen:Pull body");
        }
        if (!selectors.isEmpty()) {
            throw new Fault("wsman:InvalidSelectors", "a pull takes no selectors");
        }
        Element ctxEl = child(op, "EnumerationContext", Wsman.NS_WSEN);
        String ctx = ctxEl == null ? null : ctxEl.getTextContent().strip();
        Enumeration en = ctx == null ? null : contexts.get(ctx);
        if (en == null) {
            throw new Fault("wsen:InvalidEnumerationContext", "unknown enumeration context " + ctx);
        }
        if (!resourceUri.equals(Wsman.classUri(en.className()))) {
            throw new Fault("wsa:DestinationUnreachable", "a pull of " + en.className() + " goes to "
                + Wsman.classUri(en.className()) + ", not " + resourceUri);
        }
        Element maxEl = child(op, "MaxElements", Wsman.NS_WSEN);
        int max = 1;
        if (maxEl != null) {
            try {
                max = Integer.parseInt(maxEl.getTextContent().strip());
            } catch (NumberFormatException e) {
                throw new Fault("wsman:SchemaValidationError", "MaxElements is not a number");
            }
        }
        int n = Math.min(Math.min(max, pageSize), en.left().size());
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < n; i++) {
            StandInModel.Instance inst = en.left().remove(0);
            items.append(en.epr() ? epr(inst) : item(inst));
        }
        StringBuilder b = new StringBuilder("<n:PullResponse>");
        if (en.left().isEmpty()) {
            contexts.remove(ctx);
        } else {
            b.append("<n:EnumerationContext>").append(ctx).append("</n:EnumerationContext>");
        }
        b.append("<n:Items>").append(items).append("</n:Items>");
        if (en.left().isEmpty()) {
            b.append("<n:EndOfSequence/>");
        }
        b.append("</n:PullResponse>");
        return envelope(Wsman.NS_WSEN + "/PullResponse", b.toString());
    }

    private static String item(StandInModel.Instance i) {
        StringBuilder b = new StringBuilder();
        b.append("<p:").append(i.className()).append(" xmlns:p=\"").append(Wsman.classUri(i.className()))
            .append("\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
        i.props().forEach((k, v) -> {
            if (v == null) {
                b.append("<p:").append(k).append(" xsi:nil=\"true\"/>");
            } else if (v instanceof List<?> l) {
                // an array: the element repeated
                for (Object e : l) {
                    b.append("<p:").append(k).append('>');
                    XmlEscape.append(b, e.toString());
                    b.append("</p:").append(k).append('>');
                }
            } else {
                b.append("<p:").append(k).append('>');
                XmlEscape.append(b, v.toString());
                b.append("</p:").append(k).append('>');
            }
        });
        return b.append("</p:").append(i.className()).append('>').toString();
    }

    private static String epr(StandInModel.Instance i) {
        StringBuilder b = new StringBuilder("<a:EndpointReference><a:Address>").append(Wsman.ANONYMOUS)
            .append("</a:Address><a:ReferenceParameters><w:ResourceURI>").append(Wsman.classUri(i.className()))
            .append("</w:ResourceURI><w:SelectorSet>");
        for (String k : i.keys()) {
            b.append("<w:Selector Name=\"").append(k).append("\">");
            XmlEscape.append(b, String.valueOf(i.props().get(k)));
            b.append("</w:Selector>");
        }
        return b.append("</w:SelectorSet></a:ReferenceParameters></a:EndpointReference>").toString();
    }

    // ---------- methods ----------

    private String invoke(String action, String resourceUri, Map<String, String> selectors, Element op) {
        int slash = action.lastIndexOf('/');
        String classUri = action.substring(0, slash);
        String method = action.substring(slash + 1);
        String cls = classUri.substring(classUri.lastIndexOf('/') + 1);
        if (!resourceUri.equals(classUri)) {
            throw new Fault("wsa:DestinationUnreachable", "method " + method + " of " + classUri + " sent to " + resourceUri);
        }
        if (!classUri.equals(Wsman.classUri(cls)) || model.instances(cls) == null) {
            throw new Fault("wsa:ActionNotSupported", "unknown action " + action);
        }
        if (op == null || !(method + "_INPUT").equals(XmlDom.local(op)) || !classUri.equals(op.getNamespaceURI())) {
            throw new Fault("wsman:SchemaValidationError", "the body of " + method + " must be p:" + method
                + "_INPUT in " + classUri);
        }
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, Element> paramElements = new LinkedHashMap<>();
        for (Element p : XmlDom.children(op, null)) {
            if (!classUri.equals(p.getNamespaceURI())) {
                throw new Fault("wsman:SchemaValidationError", "parameter " + XmlDom.local(p) + " not in " + classUri);
            }
            if (params.put(XmlDom.local(p), p.getTextContent()) != null) {
                throw new Fault("wsman:InvalidParameter", "parameter " + XmlDom.local(p) + " given twice");
            }
            paramElements.put(XmlDom.local(p), p);
        }
        if ("Msvm_VirtualSystemManagementService".equals(cls)) {
            return management.invoke(method, selectors, params, paramElements);
        }
        return switch (cls + "." + method) {
            case "Msvm_ComputerSystem.RequestStateChange" -> requestStateChange(selectors, params);
            case "Msvm_ShutdownComponent.InitiateShutdown" -> initiateShutdown(selectors, params);
            default -> throw new Fault("wsa:ActionNotSupported", "unknown action " + action);
        };
    }

    private StandInModel.VmState selectVm(Map<String, String> selectors, Set<String> keys, String uuidKey) {
        if (!selectors.keySet().equals(keys)) {
            throw new Fault("wsman:InvalidSelectors", "selectors " + selectors.keySet() + " do not name one instance (want "
                + keys + ")");
        }
        StandInModel.VmState vm = model.vm(selectors.get(uuidKey));
        if (vm == null) {
            throw new Fault("wsman:InvalidSelectors", "no instance with " + uuidKey + "=" + selectors.get(uuidKey));
        }
        return vm;
    }

    static void onlyParams(Map<String, String> params, Set<String> required, Set<String> optional) {
        for (String p : params.keySet()) {
            if (!required.contains(p) && !optional.contains(p)) {
                throw new Fault("wsman:InvalidParameter", "unknown parameter " + p);
            }
        }
        for (String r : required) {
            if (!params.containsKey(r)) {
                throw new Fault("wsman:InvalidParameter", "missing parameter " + r);
            }
        }
    }

    private String requestStateChange(Map<String, String> selectors, Map<String, String> params) {
        if (!"Msvm_ComputerSystem".equals(selectors.get("CreationClassName"))) {
            throw new Fault("wsman:InvalidSelectors", "CreationClassName must be Msvm_ComputerSystem");
        }
        StandInModel.VmState vm = selectVm(selectors, Set.of("CreationClassName", "Name"), "Name");
        onlyParams(params, Set.of("RequestedState"), Set.of("TimeoutPeriod"));
        int requested;
        try {
            requested = Integer.parseInt(params.get("RequestedState").strip());
        } catch (NumberFormatException e) {
            throw new Fault("wsman:InvalidParameter", "RequestedState is not a number");
        }
        StandInModel.Logical from = vm.state;
        StandInModel.Logical during;
        StandInModel.Logical to;
        switch (requested) {
            case 2 -> {
                if (from == StandInModel.Logical.PAUSED) {
                    during = from;
                    to = StandInModel.Logical.RUNNING;
                } else if (from == StandInModel.Logical.OFF || from == StandInModel.Logical.SAVED) {
                    during = StandInModel.Logical.STARTING;
                    to = StandInModel.Logical.RUNNING;
                } else {
                    return output("RequestStateChange", 4097, null);
                }
            }
            case 3 -> {
                if (from == StandInModel.Logical.OFF || from == StandInModel.Logical.STARTING
                    || from == StandInModel.Logical.STOPPING) {
                    return output("RequestStateChange", 4097, null);
                }
                during = StandInModel.Logical.STOPPING;
                to = StandInModel.Logical.OFF;
            }
            case 9 -> {
                if (from != StandInModel.Logical.RUNNING) {
                    return output("RequestStateChange", 4097, null);
                }
                during = from;
                to = StandInModel.Logical.PAUSED;
            }
            case 10, 11 -> {
                if (from != StandInModel.Logical.RUNNING) {
                    return output("RequestStateChange", 4097, null);
                }
                during = from;
                to = StandInModel.Logical.RUNNING;
            }
            case 6 -> {
                if (from != StandInModel.Logical.RUNNING && from != StandInModel.Logical.PAUSED) {
                    return output("RequestStateChange", 4097, null);
                }
                during = from;
                to = StandInModel.Logical.SAVED;
            }
            default -> throw new Fault("wsman:InvalidParameter", "RequestedState " + requested + " is not a state");
        }
        model.set(vm, during);
        StandInModel.Job job = model.startJob("RequestStateChange", () -> model.set(vm, to), () -> model.set(vm, from));
        return output("RequestStateChange", 4096, job);
    }

    private String initiateShutdown(Map<String, String> selectors, Map<String, String> params) {
        if (!"Msvm_ShutdownComponent".equals(selectors.get("CreationClassName"))
            || !"Msvm_ComputerSystem".equals(selectors.get("SystemCreationClassName"))) {
            throw new Fault("wsman:InvalidSelectors", "CreationClassName/SystemCreationClassName do not name a shutdown component");
        }
        StandInModel.VmState vm = selectVm(selectors,
            Set.of("CreationClassName", "DeviceID", "SystemCreationClassName", "SystemName"), "SystemName");
        String u = vm.uuid.toString();
        String device = selectors.get("DeviceID");
        if (!device.toUpperCase(java.util.Locale.ROOT).startsWith("MICROSOFT:" + u.toUpperCase(java.util.Locale.ROOT) + "\\")) {
            throw new Fault("wsman:InvalidSelectors", "no shutdown component " + device + " on " + u);
        }
        if (vm.state != StandInModel.Logical.RUNNING) {
            // the component exists only while the guest runs
            throw new Fault("wsman:InvalidSelectors", "no shutdown component " + device + " on " + u);
        }
        onlyParams(params, Set.of("Force", "Reason"), Set.of());
        if (!Set.of("True", "False", "true", "false").contains(params.get("Force").strip())) {
            throw new Fault("wsman:InvalidParameter", "Force must be a boolean");
        }
        StandInModel.Logical from = vm.state;
        model.set(vm, StandInModel.Logical.STOPPING);
        StandInModel.Job job = model.startJob("InitiateShutdown", () -> model.set(vm, StandInModel.Logical.OFF),
            () -> model.set(vm, from));
        return output("InitiateShutdown", 4096, job);
    }

    private String output(String method, int rv, StandInModel.Job job) {
        String cls = "InitiateShutdown".equals(method) ? "Msvm_ShutdownComponent" : "Msvm_ComputerSystem";
        return output(cls, method, rv, job);
    }

    String output(String cls, String method, int rv, StandInModel.Job job) {
        String uri = Wsman.classUri(cls);
        StringBuilder b = new StringBuilder("<p:").append(method).append("_OUTPUT xmlns:p=\"").append(uri).append("\">");
        if (job != null) {
            b.append("<p:Job><a:Address>").append(Wsman.ANONYMOUS).append("</a:Address><a:ReferenceParameters><w:ResourceURI>")
                .append(Wsman.classUri("Msvm_ConcreteJob")).append("</w:ResourceURI><w:SelectorSet><w:Selector Name=\"InstanceID\">")
                .append(job.id).append("</w:Selector></w:SelectorSet></a:ReferenceParameters></p:Job>");
        }
        b.append("<p:ReturnValue>").append(rv).append("</p:ReturnValue></p:").append(method).append("_OUTPUT>");
        return envelope(uri + "/" + method + "Response", b.toString());
    }

    // ---------- envelopes ----------

    static String envelope(String action, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"" + SOAP12 + "\" xmlns:a=\"" + Wsman.NS_WSA
            + "\" xmlns:n=\"" + Wsman.NS_WSEN + "\" xmlns:w=\"" + Wsman.NS_WSMAN + "\"><s:Header><a:To>" + Wsman.ANONYMOUS
            + "</a:To><a:Action s:mustUnderstand=\"true\">" + action + "</a:Action><a:MessageID>uuid:" + UUID.randomUUID()
            + "</a:MessageID></s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    private static String fault(String subcode, String reason) {
        StringBuilder r = new StringBuilder();
        XmlEscape.append(r, reason);
        // the subcode's prefix as this envelope declares it (WinRM: w:InvalidSelectors)
        String code = subcode.replace("wsman:", "w:").replace("wsa:", "a:").replace("wsen:", "n:");
        return envelope(Wsman.NS_WSA + "/fault", "<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>" + code
            + "</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en-US\">" + r
            + "</s:Text></s:Reason><s:Detail><w:FaultDetail>" + r + "</w:FaultDetail></s:Detail></s:Fault>");
    }
}
