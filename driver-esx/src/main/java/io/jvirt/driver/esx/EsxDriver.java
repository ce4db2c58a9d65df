package io.jvirt.driver.esx;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
import io.jvirt.core.kit.remote.AuthFile;
import io.jvirt.core.kit.remote.RemoteCredentials;
import io.jvirt.core.kit.remote.RemoteEndpoint;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * The ESX driver service: {@code esx://}, {@code gsx://} and {@code vpx://} URIs. Stateless: every
 * connection is a vSphere API session and nothing is written locally. Holds the two shared HTTP
 * clients and one daemon thread that keeps idle sessions alive.
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
    private volatile HttpClients http;
    private ScheduledExecutorService keepalive;

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
        http = new HttpClients(s.connectTimeout());
    }

    @Deactivate
    synchronized void deactivate() {
        if (keepalive != null) {
            keepalive.shutdownNow();
            keepalive = null;
        }
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
        // before anything is asked or sent: a typed URI never lowers the transport below what the administrator allows
        s.policy().checkTransport(uri.endpoint(), uri.plainHttp(), uri.noVerify(), ErrorDomain.ESX, PID);
        RemoteCredentials creds = credentials(uri, request, s);
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
        if (!s.keepalive().isZero()) {
            long secs = s.keepalive().toSeconds();
            conn.keepalive(scheduler().scheduleWithFixedDelay(conn::keepaliveTick, secs, secs, TimeUnit.SECONDS));
        }
        LOG.info("connected to {} ({}) as {}", uri.sdkUrl(), session.content().fullName(), creds.user());
        return conn;
    }

    /**
     * The user and password in libvirt's order (URI, auth file, then the caller's callback; "root"
     * when nothing names a user, as libvirt's esxConnectOpen), with only the auth-file entries the
     * policy allows for this server: its own {@code [auth-SCHEME-HOST]} group, the default group
     * only for hosts listed in auth.default.hosts.
     */
    private RemoteCredentials credentials(EsxUri uri, ConnectRequest request, EsxSettings s) {
        RemoteEndpoint endpoint = uri.endpoint();
        Optional<AuthFile.Credentials> fromFile = AuthFile.locate(env.get(), s.authFile())
            .map(AuthFile::load).flatMap(f -> s.policy().fileCredentials(f, endpoint));
        return RemoteCredentials.resolve(endpoint, uri.user(), DEFAULT_USER, fromFile, request.auth(), ErrorDomain.ESX,
            "set one in the file named by " + AuthFile.ENV + " or the auth.file setting of " + PID
                + " (a group [auth-" + endpoint.service() + "-" + endpoint.host() + "])");
    }

    /** esx:// must reach a host, vpx:// a vCenter, gsx:// a GSX server, as libvirt checks. */
    private static void checkProduct(EsxUri uri, VimSession.ServiceContent sc) {
        String apiType = sc.apiType() == null ? "" : sc.apiType();
        String product = sc.productLineId() == null ? "" : sc.productLineId().toLowerCase(java.util.Locale.ROOT);
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

    private synchronized ScheduledExecutorService scheduler() {
        if (keepalive == null) {
            keepalive = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jvirt-esx-keepalive");
                t.setDaemon(true);
                return t;
            });
        }
        return keepalive;
    }
}
