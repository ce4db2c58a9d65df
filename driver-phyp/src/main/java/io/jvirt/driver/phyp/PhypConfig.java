package io.jvirt.driver.phyp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "jvirt PowerVM driver",
    description = "Settings of the PowerVM driver (PID io.jvirt.driver.phyp): SSH key and known-hosts files, auth file, "
        + "which servers may get its credentials or be reached without a host key check, timeouts, polling")
@interface PhypConfig {

    @AttributeDefinition(name = "Private key",
        description = "Private key tried before any password (OpenSSH or PEM format, no passphrase); "
            + "empty for ~/.ssh/id_rsa of the service's user", required = false)
    String ssh_key() default "";

    @AttributeDefinition(name = "Known hosts",
        description = "known_hosts file the HMC's host key must be listed in; empty for ~/.ssh/known_hosts of the "
            + "service's user", required = false)
    String known_hosts() default "";

    @AttributeDefinition(name = "Auth file",
        description = "libvirt-format auth.conf used when LIBVIRT_AUTH_FILE is not set (groups [auth-ssh-HOST])",
        required = false)
    String auth_file() default "";

    @AttributeDefinition(name = "Hosts for default credentials",
        description = "Host names that may be sent the auth file's [auth-ssh-default] credentials (comma separated)",
        required = false)
    String[] auth_default_hosts() default {};

    @AttributeDefinition(name = "Servers allowed without host key check",
        description = "HOST or HOST:PORT entries (comma separated) that may be reached with no_verify=1",
        required = false)
    String[] unverified_tls_hosts() default {};

    @AttributeDefinition(name = "Servers read-only connections may reach",
        description = "HOST or HOST:PORT entries (comma separated) that a read-only connection (a console viewer, a "
            + "client of the server's read-only socket) may name in a URI of its own; named connections are not limited",
        required = false)
    String[] readonly_hosts() default {};

    @AttributeDefinition(name = "Connect timeout (ms)", description = "Bound on connecting and logging in")
    int connect_timeout_ms() default 30_000;

    @AttributeDefinition(name = "Command timeout (ms)", description = "Bound on one HMC command")
    int command_timeout_ms() default 120_000;

    @AttributeDefinition(name = "Largest output (bytes)", description = "A command writing more fails")
    int output_max_bytes() default 16 << 20;

    @AttributeDefinition(name = "Event poll interval (ms)",
        description = "How often a connection with event listeners lists the LPARs")
    int event_poll_ms() default 5_000;
}
