package io.jvirt.server;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
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
import io.jvirt.core.kit.tls.AllowedDnList;
import io.jvirt.core.kit.tls.X509Files;

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

        @AttributeDefinition(name = "listen.tls", description = "libvirtd's listen_tls: serve TLS on tls.port (off unless enabled)")
        boolean listen_tls() default false;

        @AttributeDefinition(name = "listen.tcp", description = "libvirtd's listen_tcp: serve plain TCP on tcp.port, WITHOUT"
            + " authentication or encryption (off unless enabled)")
        boolean listen_tcp() default false;

        @AttributeDefinition(name = "listen.addr", description = "libvirtd's listen_addr; empty: TLS on every address,"
            + " plain TCP on loopback only")
        String listen_addr() default "";

        @AttributeDefinition(name = "tls.port", description = "libvirtd's tls_port")
        int tls_port() default NetworkListenSettings.TLS_PORT;

        @AttributeDefinition(name = "tcp.port", description = "libvirtd's tcp_port")
        int tcp_port() default NetworkListenSettings.TCP_PORT;

        @AttributeDefinition(name = "ca.file", description = "libvirtd's ca_file; empty: ${karaf.etc}/pki/CA/cacert.pem")
        String ca_file() default "";

        @AttributeDefinition(name = "cert.file", description = "libvirtd's cert_file; empty: ${karaf.etc}/pki/libvirt/servercert.pem")
        String cert_file() default "";

        @AttributeDefinition(name = "key.file", description = "libvirtd's key_file; empty: ${karaf.etc}/pki/libvirt/private/serverkey.pem")
        String key_file() default "";

        @AttributeDefinition(name = "crl.file", description = "libvirtd's crl_file: the CA's revocation list, read when the"
            + " file exists; empty: ${karaf.etc}/pki/CA/cacrl.pem")
        String crl_file() default "";

        @AttributeDefinition(name = "tls.priority", description = "libvirtd's tls_priority, a GnuTLS priority string: its"
            + " protocol version parts are honoured (NORMAL:-VERS-TLS1.2 serves TLS 1.3 only), any other part refuses to start;"
            + " empty: NORMAL (TLS 1.2 and 1.3)")
        String tls_priority() default "";

        @AttributeDefinition(name = "tls.no.verify.certificate", description = "libvirtd's tls_no_verify_certificate:"
            + " let clients in without checking their certificates")
        boolean tls_no_verify_certificate() default false;

        @AttributeDefinition(name = "tls.allowed.dn.list", description = "libvirtd's tls_allowed_dn_list: glob patterns on"
            + " the client certificate's DN (virt-pki-query-dn's form), separated by ';'; empty: any DN the CA signed")
        String[] tls_allowed_dn_list() default {};

        @AttributeDefinition(name = "max.anonymous.clients", description = "libvirtd's max_anonymous_clients: TLS handshakes"
            + " in progress at once")
        int max_anonymous_clients() default 20;
    }

    private final RemoteServer server;

    @Activate
    public RemoteServerComponent(@Reference Connector connector, Config c) throws IOException {
        Path socket = c.unix_socket().isBlank()
            ? Path.of(System.getProperty("karaf.data", "data"), "run", "libvirt-sock")
            : Path.of(c.unix_socket().trim());
        server = RemoteServer.start(connector, new ServerSettings(socket, c.unix_socket_ro(), c.max_clients(),
            c.max_workers(), c.max_client_requests(), Duration.ofSeconds(c.keepalive_interval()), c.keepalive_count(),
            Duration.ofSeconds(c.handshake_timeout()), RpcLimits.MAX_MESSAGE), network(c));
    }

    static NetworkListenSettings network(Config c) throws IOException {
        Path pki = Path.of(System.getProperty("karaf.etc", "etc"), "pki");
        X509Files defaults = X509Files.libvirtServer(pki);
        X509Files files = new X509Files(orDefault(c.ca_file(), defaults.caCert()), orDefault(c.cert_file(), defaults.cert()),
            orDefault(c.key_file(), defaults.key()),
            // libvirt skips a revocation list whose file does not exist (virNetTLSContextLoadCredentials)
            c.crl_file().isBlank() ? defaults.crl() : existing(Path.of(c.crl_file().trim())));
        InetAddress addr = c.listen_addr().isBlank() ? null : InetAddress.getByName(c.listen_addr().trim());
        return new NetworkListenSettings(c.listen_tls(), c.listen_tcp(), addr, c.tls_port(), c.tcp_port(), files,
            !c.tls_no_verify_certificate(), allowedDns(c.tls_allowed_dn_list()), c.max_anonymous_clients(),
            c.tls_priority().isBlank() ? null : c.tls_priority().trim());
    }

    private static Path existing(Path p) {
        return Files.exists(p) ? p : null;
    }

    /**
     * The patterns: each configured value split at ';' not escaped by a backslash (a DN's own
     * {@code \;}); none configured: any DN.
     */
    static AllowedDnList allowedDns(String[] values) {
        List<String> patterns = new ArrayList<>();
        for (String v : values == null ? new String[0] : values) {
            for (String p : v.split("(?<!\\\\);")) {
                if (!p.isBlank()) {
                    patterns.add(p.trim());
                }
            }
        }
        return patterns.isEmpty() ? AllowedDnList.ANY : new AllowedDnList(patterns);
    }

    private static Path orDefault(String configured, Path fallback) {
        return configured == null || configured.isBlank() ? fallback : Path.of(configured.trim());
    }

    @Deactivate
    void deactivate() {
        server.close();
    }
}
