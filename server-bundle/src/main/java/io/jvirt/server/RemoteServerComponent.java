package io.jvirt.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.jvirt.api.Connector;
import io.jvirt.core.kit.rpc.RpcLimits;

/** The server in Karaf: configured by PID {@code io.jvirt.remote}, serving the core's {@link Connector}. */
@Component(service = {}, immediate = true, configurationPid = RemoteServerComponent.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RemoteServerComponent.Config.class)
public final class RemoteServerComponent {

    static final String PID = "io.jvirt.remote";

    @ObjectClassDefinition(name = "jvirt remote server (libvirt's RPC protocol)")
    public @interface Config {
        @AttributeDefinition(name = "unix.socket", description = "the read-write socket; the read-only one is beside it with -ro"
            + " appended; empty: ${karaf.data}/run/libvirt-sock")
        String unix_socket() default "";

        @AttributeDefinition(name = "unix.socket.ro", description = "listen on the read-only socket too")
        boolean unix_socket_ro() default true;

        @AttributeDefinition(name = "max.clients", description = "libvirtd's max_clients")
        int max_clients() default 5000;

        @AttributeDefinition(name = "max.workers", description = "libvirtd's max_workers")
        int max_workers() default 20;

        @AttributeDefinition(name = "max.client.requests", description = "libvirtd's max_client_requests")
        int max_client_requests() default 5;

        @AttributeDefinition(name = "keepalive.interval", description = "libvirtd's keepalive_interval, seconds")
        int keepalive_interval() default 5;

        @AttributeDefinition(name = "keepalive.count", description = "libvirtd's keepalive_count")
        int keepalive_count() default 5;

        @AttributeDefinition(name = "handshake.timeout", description = "seconds a client may stay without opening a connection")
        int handshake_timeout() default 30;
    }

    private final RemoteServer server;

    @Activate
    public RemoteServerComponent(@Reference Connector connector, Config c) throws IOException {
        Path socket = c.unix_socket().isBlank()
            ? Path.of(System.getProperty("karaf.data", "data"), "run", "libvirt-sock")
            : Path.of(c.unix_socket().trim());
        server = RemoteServer.start(connector, new ServerSettings(socket, c.unix_socket_ro(), c.max_clients(),
            c.max_workers(), c.max_client_requests(), Duration.ofSeconds(c.keepalive_interval()), c.keepalive_count(),
            Duration.ofSeconds(c.handshake_timeout()), RpcLimits.MAX_MESSAGE));
    }

    @Deactivate
    void deactivate() {
        server.close();
    }
}
