package io.jvirt.driver.phyp;

import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import io.jvirt.api.ErrorDomain;
import io.jvirt.core.kit.remote.RemoteLogin;
import io.jvirt.core.kit.remote.SshConnection;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * The PowerVM driver service: {@code phyp://} URIs (libvirt's phyp driver, removed in libvirt
 * 6.0, brought back). Stateless: every connection is an SSH client of an HMC or IVM, and nothing
 * is written locally (libvirt's driver kept a UUID table; jvirt computes UUIDs, {@link LparUuids}).
 * Logging in is the remote kit's ({@link SshConnection} over {@link RemoteLogin}: the key of the
 * settings, then a password from the auth file's {@code [auth-ssh-HOST]} or the client's callback).
 */
@Component(service = HypervisorDriver.class, configurationPid = PhypDriver.PID, property = {
    HypervisorDriver.PROP_NAME + "=phyp",
    HypervisorDriver.PROP_SCHEMES + "=phyp",
    HypervisorDriver.PROP_STATEFUL + ":Boolean=false"
})
@Designate(ocd = PhypConfig.class)
public final class PhypDriver implements HypervisorDriver {

    static final String PID = "io.jvirt.driver.phyp";

    private final Supplier<Map<String, String>> env;
    private volatile PhypSettings settings;
    private volatile RemoteLogin login;

    /** The DS constructor; settings come from {@link #activate}. */
    public PhypDriver() {
        this(PhypSettings.defaults(), System::getenv);
    }

    /** For use without OSGi (and tests): fixed settings and environment. */
    public PhypDriver(PhypSettings settings, Supplier<Map<String, String>> env) {
        this.env = env;
        apply(settings);
    }

    @Activate
    @Modified
    void activate(PhypConfig config) {
        apply(PhypSettings.from(config));
    }

    private void apply(PhypSettings s) {
        settings = s;
        // libvirt's phyp driver has no default user: the URI's, the auth file's or the callback's
        login = new RemoteLogin(s.policy(), s.authFile(), env, null, ErrorDomain.PHYP, PID);
    }

    @Override
    public String name() {
        return "phyp";
    }

    @Override
    public Class<? extends DriverConnection> connectionType() {
        return PhypConnection.class;
    }

    @Override
    public DriverConnection open(ConnectRequest request) {
        PhypUri uri = PhypUri.parse(request.uri());
        if (uri == null) {
            return null;
        }
        PhypSettings s = settings;
        login.checkReach(uri.endpoint(), request);
        SshConnection ssh = SshConnection.open(uri.endpoint(), uri.user(), uri.noVerify(), request.auth(), login,
            s.ssh());
        try {
            Hmc hmc = Hmc.detect(ssh, uri.managedSystem());
            return PhypConnection.open(request.uri().toString(), hmc, s.eventPoll());
        } catch (RuntimeException e) {
            ssh.close();
            throw e;
        }
    }
}
