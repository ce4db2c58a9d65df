package io.jvirt.driver.phyp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.jvirt.core.kit.remote.AuthFile;
import io.jvirt.core.kit.remote.RemoteAccessPolicy;
import io.jvirt.core.kit.remote.SshSettings;

/**
 * A stand-in HMC (or IVM), a known_hosts file listing its key, an auth file with its password
 * (named by LIBVIRT_AUTH_FILE in the driver's environment) and a driver set to use them, with a
 * private key path where no key is (so the password is used) unless {@link #useKey()} wrote one.
 */
final class PhypFixture implements AutoCloseable {

    static final String SYSTEM = "Server-8233-E8B-SN06DE3FR";
    static final String PASSWORD = "s3cret";

    final HmcStandIn hmc;
    final Path dir;
    final Path knownHosts;
    final Path key;
    final Path authFile;
    final PhypDriver driver;

    private PhypFixture(HmcStandIn hmc, Path dir, PhypSettings settings) {
        this.hmc = hmc;
        this.dir = dir;
        this.knownHosts = dir.resolve("known_hosts");
        this.key = dir.resolve("id_rsa");
        this.authFile = dir.resolve("auth.conf");
        this.driver = new PhypDriver(settings, () -> Map.of(AuthFile.ENV, authFile.toString()));
    }

    static PhypFixture create(HmcCommands.Mode mode) throws IOException {
        return create(mode, Duration.ofMillis(200));
    }

    static PhypFixture create(HmcCommands.Mode mode, Duration eventPoll) throws IOException {
        HmcStandIn s = new HmcStandIn(mode, SYSTEM, PASSWORD);
        Path dir = Files.createTempDirectory("jvirt-phyp");
        SshSettings ssh = new SshSettings(dir.resolve("known_hosts"), dir.resolve("id_rsa"), Duration.ofSeconds(20),
            Duration.ofSeconds(30), 1 << 20);
        PhypFixture fx = new PhypFixture(s, dir, PhypSettings.defaults().withSsh(ssh).withEventPoll(eventPoll)
            // the administrator lets read-only connections reach the stand-in (the contract's read-only checks)
            .withPolicy(RemoteAccessPolicy.of(null, null, null, new String[] {"127.0.0.1"})));
        Files.writeString(fx.knownHosts, s.knownHostsLine());
        Files.writeString(fx.authFile, "[credentials-hmc]\nusername=" + HmcStandIn.USER + "\npassword=" + PASSWORD
            + "\n\n[auth-ssh-127.0.0.1]\ncredentials=hmc\n");
        return fx;
    }

    /** Writes a private key the stand-in accepts where the driver looks for one. */
    void useKey() throws IOException {
        hmc.writeAuthorizedKey(key);
    }

    String uri() {
        return "phyp://" + HmcStandIn.USER + "@127.0.0.1:" + hmc.port() + "/" + SYSTEM;
    }

    @Override
    public void close() throws IOException {
        hmc.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
