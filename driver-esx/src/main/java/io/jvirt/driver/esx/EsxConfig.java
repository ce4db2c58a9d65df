package io.jvirt.driver.esx;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "jvirt ESX driver",
    description = "Settings of the ESX driver (PID io.jvirt.driver.esx): auth file, which servers may get its "
        + "credentials or be reached without verified TLS, vSphere API timeouts and answer sizes")
@interface EsxConfig {

    @AttributeDefinition(name = "Auth file",
        description = "libvirt-format auth.conf used when LIBVIRT_AUTH_FILE is not set", required = false)
    String auth_file() default "";

    @AttributeDefinition(name = "Hosts for default credentials",
        description = "Host names that may be sent the auth file's [auth-SCHEME-default] credentials (comma "
            + "separated); any other host gets only its own [auth-SCHEME-HOST] group", required = false)
    String[] auth_default_hosts() default {};

    @AttributeDefinition(name = "Servers allowed plain HTTP",
        description = "HOST or HOST:PORT entries (comma separated) that may be reached with transport=http",
        required = false)
    String[] plain_http_hosts() default {};

    @AttributeDefinition(name = "Servers allowed unverified TLS",
        description = "HOST or HOST:PORT entries (comma separated) that may be reached with no_verify=1",
        required = false)
    String[] unverified_tls_hosts() default {};

    @AttributeDefinition(name = "Servers read-only connections may reach",
        description = "HOST or HOST:PORT entries (comma separated) that a read-only connection (a console viewer, a "
            + "client of the server's read-only socket) may name in a URI of its own; named connections are not limited",
        required = false)
    String[] readonly_hosts() default {};

    @AttributeDefinition(name = "Connect timeout (ms)", description = "TCP/TLS connect timeout of every request")
    int connect_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Request timeout (ms)",
        description = "Longest wait for one whole answer, from sending the request to its last byte")
    int request_timeout_ms() default 60_000;

    @AttributeDefinition(name = "Largest answer (bytes)", description = "Answers larger than this are refused")
    long response_max_bytes() default 32L << 20;

    @AttributeDefinition(name = "Task timeout (s)", description = "Longest wait for a vSphere task (power on, create, ...)")
    int task_timeout_s() default 600;

    @AttributeDefinition(name = "Keep-alive interval (s)",
        description = "How often an idle session is kept alive (0: never)")
    int keepalive_s() default 300;
}
