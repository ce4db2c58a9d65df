package io.jvirt.driver.esx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.BackoffPoll;
import io.jvirt.core.kit.remote.RemoteFault;
import io.jvirt.core.kit.remote.XmlDom;

/**
 * A logged-in vSphere API session (libvirt's {@code esxVI_Context}): the service content, login and
 * logout, a re-login when the server has dropped the session, property collector retrieval and
 * waiting for tasks. Holds the password only to log in again; it is never logged.
 */
final class VimSession {

    private static final Logger LOG = LoggerFactory.getLogger(VimSession.class);
    static final MoRef SERVICE_INSTANCE = new MoRef("ServiceInstance", "ServiceInstance");

    /** What RetrieveServiceContent tells: the references the driver uses and the product. */
    record ServiceContent(MoRef rootFolder, MoRef propertyCollector, MoRef sessionManager, MoRef searchIndex,
                          String fullName, String version, String apiType, String apiVersion, String productLineId) {
    }

    private final VimClient client;
    private final String user;
    private final String password;
    private final Duration taskTimeout;
    private ServiceContent content;

    /** The transport, for what is not SOAP (datastore file downloads). */
    VimClient client() {
        return client;
    }

    VimSession(VimClient client, String user, String password, Duration taskTimeout) {
        this.client = client;
        this.user = user;
        this.password = password;
        this.taskTimeout = taskTimeout;
    }

    /** Fetches the service content and logs in. */
    void open() {
        Element r = XmlDom.child(client.invoke(new SoapWriter("RetrieveServiceContent", SERVICE_INSTANCE)), "returnval");
        Element about = XmlDom.child(r, "about");
        content = new ServiceContent(MoRef.of(XmlDom.child(r, "rootFolder")), MoRef.of(XmlDom.child(r, "propertyCollector")),
            MoRef.of(XmlDom.child(r, "sessionManager")), MoRef.of(XmlDom.child(r, "searchIndex")),
            XmlDom.text(about, "fullName"), XmlDom.text(about, "version"), XmlDom.text(about, "apiType"),
            XmlDom.text(about, "apiVersion"), XmlDom.text(about, "productLineId"));
        if (content.rootFolder() == null || content.propertyCollector() == null || content.sessionManager() == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.ESX,
                "'" + client.url() + "' answered RetrieveServiceContent without the vSphere service content");
        }
        client.apiVersion(content.apiVersion());
        login();
    }

    ServiceContent content() {
        return content;
    }

    private void login() {
        SoapWriter w = new SoapWriter("Login", content.sessionManager()).text("userName", user).text("password", password);
        try {
            client.invoke(w);
        } catch (RemoteFault e) {
            if ("InvalidLogin".equals(e.faultType())) {
                throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.ESX,
                    "Cannot log in to '" + client.url().getHost() + "' as '" + user + "': " + e.getMessage());
            }
            throw e;
        }
        LOG.debug("logged in to {} as {}", client.url(), user);
    }

    /** Calls {@code w}, logging in again once when the server no longer knows the session. */
    Element call(SoapWriter w) {
        try {
            return client.invoke(w);
        } catch (RemoteFault e) {
            if (!"NotAuthenticated".equals(e.faultType())) {
                throw e;
            }
            LOG.info("vSphere session at {} expired; logging in again", client.url());
            client.clearSession();
            login();
            return client.invoke(w);
        }
    }

    /** Keeps the session alive (libvirt asks for the current time too). */
    void keepalive() {
        call(new SoapWriter("CurrentTime", SERVICE_INSTANCE));
    }

    void logout() {
        try {
            client.invoke(new SoapWriter("Logout", content.sessionManager()));
        } catch (VirtException e) {
            LOG.debug("logout from {} failed: {}", client.url(), e.getMessage());
        } finally {
            client.clearSession();
        }
    }

    /** The given properties of one object. */
    ObjectContent retrieve(MoRef obj, String... paths) {
        List<ObjectContent> l = retrieve(obj, obj.type(), false, paths);
        if (l.isEmpty()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.ESX, "no properties of " + obj.type() + " '"
                + obj.value() + "' returned");
        }
        return l.get(0);
    }

    /**
     * The properties {@code paths} of every object of {@code type} found from {@code root}:
     * {@code root} itself when {@code traverse} is false, else everything below it through
     * folders, datacenters and compute resources.
     */
    List<ObjectContent> retrieve(MoRef root, String type, boolean traverse, String... paths) {
        SoapWriter w = new SoapWriter("RetrieveProperties", content.propertyCollector());
        w.open("specSet").open("propSet").text("type", type).text("all", "false");
        for (String p : paths) {
            w.text("pathSet", p);
        }
        w.close("propSet").open("objectSet").ref("obj", root).text("skip", traverse ? "true" : "false");
        if (traverse) {
            Traversal.write(w);
        }
        w.close("objectSet").close("specSet");
        Element resp = call(w);
        if (notAuthenticated(resp)) {
            // servers may answer a dropped session with NotAuthenticated per property (missingSet)
            // instead of a fault: without this, every VM would look unreadable and vanish
            LOG.info("vSphere session at {} expired; logging in again", client.url());
            client.clearSession();
            login();
            resp = client.invoke(w);
            if (notAuthenticated(resp)) {
                throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.ESX,
                    "the server refuses to read properties after a new login (NotAuthenticated)");
            }
        }
        List<ObjectContent> out = new ArrayList<>();
        for (Element rv : XmlDom.children(resp, "returnval")) {
            out.add(ObjectContent.parse(rv));
        }
        return out;
    }

    private static boolean notAuthenticated(Element resp) {
        for (Element rv : XmlDom.children(resp, "returnval")) {
            for (Element missing : XmlDom.children(rv, "missingSet")) {
                Element fault = XmlDom.child(XmlDom.child(missing, "fault"), "fault");
                if (fault != null && "NotAuthenticated".equals(XmlDom.xsiType(fault))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Runs a {@code *_Task} method and waits for its end; a failed task throws with {@code what}'s words. */
    void runTask(SoapWriter w, String what) {
        MoRef task = MoRef.of(XmlDom.child(call(w), "returnval"));
        waitForTask(task, what);
    }

    /**
     * Waits for the task's end (the kit's {@link BackoffPoll}: a few ms between polls at first, then
     * up to a second), at most the task timeout; a failed task throws with {@code what}'s words and
     * the fault type's code. libvirt uses WaitForUpdates; polling keeps no collector filter on the
     * server.
     *
     * @return the task's {@code info.result}, or null
     */
    Element waitForTask(MoRef task, String what) {
        ObjectContent info = BackoffPoll.until(taskTimeout, () -> {
            ObjectContent i = retrieve(task, "info.state", "info.error", "info.result");
            String state = i.str("info.state");
            return "success".equals(state) || "error".equals(state) ? Optional.of(i) : Optional.empty();
        }, ErrorDomain.ESX, what + ": task " + task.value());
        if ("error".equals(info.str("info.state"))) {
            Element error = info.get("info.error");
            throw new VirtException(VimFault.code(VimFault.taskFaultType(error)), ErrorDomain.ESX,
                what + ": " + VimFault.taskMessage(error));
        }
        return info.get("info.result");
    }
}
