package io.jvirt.driver.hyperv;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorDomain;
import io.jvirt.core.kit.remote.HttpTransport;
import io.jvirt.core.kit.remote.RemoteCredentials;
import io.jvirt.core.kit.remote.RemoteHttpClients;
import io.jvirt.core.kit.remote.RemoteLogin;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * The Hyper-V driver service: {@code hyperv://} URIs. Stateless: every connection is a WinRM
 * client of the host and nothing is written locally. Holds what the remote kit gives every remote
 * driver: how to log in ({@link RemoteLogin}: the URI's user, the auth file, the client's callback,
 * libvirt's default user "administrator") and the two shared HTTP clients ({@link RemoteHttpClients}).
 */
@Component(service = HypervisorDriver.class, configurationPid = HypervDriver.PID, property = {
    HypervisorDriver.PROP_NAME + "=hyperv",
    HypervisorDriver.PROP_SCHEMES + "=hyperv",
    HypervisorDriver.PROP_STATEFUL + ":Boolean=false"
})
@Designate(ocd = HypervConfig.class)
public final class HypervDriver implements HypervisorDriver {

    static final String PID = "io.jvirt.driver.hyperv";
    /** libvirt's default user for Hyper-V (virAuthGetUsername's default in hypervConnectOpen). */
    static final String DEFAULT_USER = "administrator";
    private static final Logger LOG = LoggerFactory.getLogger(HypervDriver.class);

    private final Supplier<Map<String, String>> env;
    private volatile HypervSettings settings;
    private volatile RemoteLogin login;
    private volatile RemoteHttpClients http;

    /** The DS constructor; settings come from {@link #activate}. */
    public HypervDriver() {
        this(HypervSettings.defaults(), System::getenv);
    }

    /** For use without OSGi (and tests): fixed settings and environment. */
    public HypervDriver(HypervSettings settings, Supplier<Map<String, String>> env) {
        this.env = env;
        apply(settings);
    }

    @Activate
    @Modified
    void activate(HypervConfig config) {
        apply(HypervSettings.from(config));
    }

    private void apply(HypervSettings s) {
        settings = s;
        login = new RemoteLogin(s.policy(), s.authFile(), env, DEFAULT_USER, ErrorDomain.HYPERV, PID);
        http = new RemoteHttpClients(s.connectTimeout());
    }

    @Override
    public String name() {
        return "hyperv";
    }

    @Override
    public Class<? extends DriverConnection> connectionType() {
        return HypervConnection.class;
    }

    @Override
    public DriverConnection open(ConnectRequest request) {
        HypervUri uri = HypervUri.parse(request.uri());
        if (uri == null) {
            return null;
        }
        HypervSettings s = settings;
        RemoteLogin l = login;
        // before anything is asked or sent: plain HTTP would carry the Basic password in clear
        l.checkReach(uri.endpoint(), request);
        l.checkTransport(uri.endpoint(), uri.plainHttp(), uri.noVerify());
        RemoteCredentials creds = l.credentials(uri.endpoint(), uri.user(), request.auth());
        HttpTransport transport = new HttpTransport(http.get(uri.noVerify()), uri.wsmanUrl(), s.requestTimeout(),
            s.maxResponseBytes(), "response.max.bytes of " + PID, uri.noVerify(), ErrorDomain.HYPERV, null);
        // libvirt forces Basic authentication (wsman_transport_set_auth_method "basic")
        transport.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (creds.user() + ":" + creds.password()).getBytes(StandardCharsets.UTF_8)));
        WsmanClient wsman = new WsmanClient(transport, s.pullMaxElements(), HypervSettings.MAX_ITEMS, s.jobTimeout());
        // libvirt reads the OS version at open: a wrong host, port or password fails here, not later
        String version = new HostFacts(wsman).osVersion(uri.host());
        LOG.info("connected to {} (Windows {}) as {}", uri.wsmanUrl(), version, creds.user());
        return new HypervConnection(request.uri().toString(), uri, wsman, version, s.eventPoll());
    }
}
