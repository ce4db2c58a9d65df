package io.jvirt.driver.esx;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.KeepAlive;
import io.jvirt.core.kit.remote.RemoteCredentials;
import io.jvirt.core.kit.remote.RemoteHttpClients;
import io.jvirt.core.kit.remote.RemoteLogin;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * The ESX driver service: {@code esx://}, {@code gsx://} and {@code vpx://} URIs. Stateless: every
 * connection is a vSphere API session and nothing is written locally. Holds what the remote kit
 * gives every remote driver: how to log in ({@link RemoteLogin}), the two shared HTTP clients
 * ({@link RemoteHttpClients}) and one daemon thread that keeps idle sessions alive ({@link KeepAlive}).
 */
@Component(service = HypervisorDriver.class, configurationPid = EsxDriver.PID, property = {
    HypervisorDriver.PROP_NAME + "=esx",
    HypervisorDriver.PROP_SCHEMES + "=esx",
    HypervisorDriver.PROP_SCHEMES + "=gsx",
    HypervisorDriver.PROP_SCHEMES + "=vpx",
    HypervisorDriver.PROP_STATEFUL + ":Boolean=false"
})
@Designate(ocd = EsxConfig.class)
public final class EsxDriver implements HypervisorDriver {

    static final String PID = "io.jvirt.driver.esx";
    /** libvirt's default user for ESX, GSX and vCenter. */
    static final String DEFAULT_USER = "root";
    private static final Logger LOG = LoggerFactory.getLogger(EsxDriver.class);

    private final Supplier<Map<String, String>> env;
    private volatile EsxSettings settings;
    private volatile RemoteLogin login;
    private volatile RemoteHttpClients http;
    private final KeepAlive keepalive = new KeepAlive("jvirt-esx-keepalive");

    /** The DS constructor; settings come from {@link #activate}. */
    public EsxDriver() {
        this(EsxSettings.defaults(), System::getenv);
    }

    /** For use without OSGi (and tests): fixed settings and environment. */
    public EsxDriver(EsxSettings settings, Supplier<Map<String, String>> env) {
        this.env = env;
        apply(settings);
    }

    @Activate
    @Modified
    void activate(EsxConfig config) {
        apply(EsxSettings.from(config));
    }

    private void apply(EsxSettings s) {
        settings = s;
        login = new RemoteLogin(s.policy(), s.authFile(), env, DEFAULT_USER, ErrorDomain.ESX, PID);
        http = new RemoteHttpClients(s.connectTimeout());
    }

    @Deactivate
    void deactivate() {
        keepalive.close();
    }

    @Override
    public String name() {
        return "esx";
    }

    @Override
    public Class<? extends DriverConnection> connectionType() {
        return EsxConnection.class;
    }

    @Override
    public DriverConnection open(ConnectRequest request) {
        EsxUri uri = EsxUri.parse(request.uri());
        if (uri == null) {
            return null;
        }
        EsxSettings s = settings;
        RemoteLogin l = login;
        // before anything is asked or sent: a typed URI never lowers the transport below what the administrator allows
        l.checkReach(uri.endpoint(), request);
        l.checkTransport(uri.endpoint(), uri.plainHttp(), uri.noVerify());
        // libvirt's order (URI, auth file, then the caller's callback; "root" when nothing names a
        // user, as esxConnectOpen), with only the auth-file entries the policy allows this server
        RemoteCredentials creds = l.credentials(uri.endpoint(), uri.user(), request.auth());
        VimClient client = new VimClient(http.get(uri.noVerify()), uri.sdkUrl(), s.requestTimeout(),
            s.maxResponseBytes(), uri.noVerify());
        VimSession session = new VimSession(client, creds.user(), creds.password(), s.taskTimeout());
        session.open();
        Inventory inv;
        try {
            checkProduct(uri, session.content());
            inv = Inventory.resolve(session, uri);
        } catch (VirtException e) {
            session.logout();
            throw e;
        }
        EsxConnection conn = new EsxConnection(request.uri().toString(), uri, session, inv);
        conn.keepalive(keepalive, s.keepalive());
        LOG.info("connected to {} ({}) as {}", uri.sdkUrl(), session.content().fullName(), creds.user());
        return conn;
    }

    /** esx:// must reach a host, vpx:// a vCenter, gsx:// a GSX server, as libvirt checks. */
    private static void checkProduct(EsxUri uri, VimSession.ServiceContent sc) {
        String apiType = sc.apiType() == null ? "" : sc.apiType();
        String product = sc.productLineId() == null ? "" : sc.productLineId().toLowerCase(Locale.ROOT);
        boolean ok = switch (uri.scheme()) {
            case "esx" -> "HostAgent".equals(apiType) && (product.isEmpty() || product.contains("esx"));
            case "gsx" -> "HostAgent".equals(apiType) && "gsx".equals(product);
            case "vpx" -> "VirtualCenter".equals(apiType);
            default -> false;
        };
        if (!ok) {
            String what = switch (uri.scheme()) {
                case "esx" -> "an ESX host";
                case "gsx" -> "a GSX server";
                default -> "a vCenter server";
            };
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.ESX, "'" + uri.host() + "' is not " + what
                + " (it is " + sc.fullName() + ")");
        }
    }
}
