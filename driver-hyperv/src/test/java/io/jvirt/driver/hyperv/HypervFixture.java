package io.jvirt.driver.hyperv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.jvirt.core.kit.remote.AuthFile;
import io.jvirt.core.kit.remote.RemoteAccessPolicy;

/**
 * A stand-in host, an auth file with its credentials (named by LIBVIRT_AUTH_FILE in the driver's
 * environment) and a driver allowed plain HTTP to it; {@link #close()} ends the server and removes
 * the file.
 */
final class HypervFixture implements AutoCloseable {

    static final String USER = "administrator";
    static final String PASSWORD = "s3cret pass";

    final WsmanStandIn standIn;
    final Path dir;
    final Path authFile;
    final HypervDriver driver;

    private HypervFixture(WsmanStandIn standIn, Path dir, Path authFile, HypervSettings settings) {
        this.standIn = standIn;
        this.dir = dir;
        this.authFile = authFile;
        this.driver = new HypervDriver(settings, () -> Map.of(AuthFile.ENV, authFile.toString()));
    }

    static HypervFixture create() throws IOException {
        return create(HypervSettings.defaults());
    }

    static HypervFixture create(HypervSettings base) throws IOException {
        WsmanStandIn s = WsmanStandIn.start(USER, PASSWORD);
        Path dir = Files.createTempDirectory("jvirt-hyperv");
        Path auth = dir.resolve("auth.conf");
        Files.writeString(auth, """
            [credentials-standin]
            username=administrator
            password=s3cret pass

            [auth-hyperv-127.0.0.1]
            credentials=standin
            """);
        HypervSettings settings = base.withPolicy(RemoteAccessPolicy.of(null, new String[] {"127.0.0.1"}, null, new String[] {"127.0.0.1"}));
        return new HypervFixture(s, dir, auth, settings);
    }

    String uri() {
        return "hyperv://127.0.0.1:" + standIn.port() + "/?transport=http";
    }

    /** A raw WS-Man client of the stand-in, logged in: for messages the driver would never send. */
    WsmanClient client() {
        io.jvirt.core.kit.remote.HttpTransport t = new io.jvirt.core.kit.remote.HttpTransport(
            java.net.http.HttpClient.newHttpClient(), java.net.URI.create(standIn.url()), java.time.Duration.ofSeconds(30),
            1 << 20, "cap", false, io.jvirt.api.ErrorDomain.HYPERV, null);
        t.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
            (USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return new WsmanClient(t, 100, 1000, java.time.Duration.ofSeconds(30));
    }

    @Override
    public void close() throws IOException {
        standIn.close();
        Files.deleteIfExists(authFile);
        Files.deleteIfExists(dir);
    }
}
