package io.jvirt.driver.remote;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "jvirt remote driver",
    description = "Settings of the remote driver (PID io.jvirt.driver.remote): timeouts and keepalive of its connections "
        + "to libvirtd hosts and jvirt servers")
@interface RemoteConfig {

    @AttributeDefinition(name = "Connect timeout (ms)", description = "Bound on reaching the server and the connection's set-up")
    int connect_timeout_ms() default 30_000;

    @AttributeDefinition(name = "Call timeout (ms)", description = "Bound on waiting for the reply to one call")
    int call_timeout_ms() default 120_000;

    @AttributeDefinition(name = "Keepalive interval (s)",
        description = "Seconds without traffic before a PING (virsh's 5); 0 turns the client's keepalive off")
    int keepalive_interval_s() default 5;

    @AttributeDefinition(name = "Keepalive count",
        description = "Unanswered PINGs after which the connection is closed (virsh's 6)")
    int keepalive_count() default 6;

    @AttributeDefinition(name = "SSH private key",
        description = "Private key the ssh transport tries before any password (OpenSSH or PEM format, no passphrase); "
            + "empty for ~/.ssh/id_rsa of the service's user", required = false)
    String ssh_key() default "";

    @AttributeDefinition(name = "SSH known hosts",
        description = "known_hosts file the server's host key must be listed in; empty for ~/.ssh/known_hosts of the "
            + "service's user", required = false)
    String known_hosts() default "";

    @AttributeDefinition(name = "Auth file",
        description = "libvirt-format auth.conf used when LIBVIRT_AUTH_FILE is not set (groups [auth-ssh-HOST])",
        required = false)
    String auth_file() default "";

    @AttributeDefinition(name = "Servers read-only connections may reach",
        description = "HOST or HOST:PORT entries (comma separated) that a read-only connection (a console viewer, a "
            + "client of the server's read-only socket) may name in a URI of its own (tcp, tls, ssh); named connections "
            + "are not limited", required = false)
    String[] readonly_hosts() default {};
}
