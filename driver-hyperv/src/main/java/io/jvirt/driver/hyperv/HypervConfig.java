package io.jvirt.driver.hyperv;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "jvirt Hyper-V driver",
    description = "Settings of the Hyper-V driver (PID io.jvirt.driver.hyperv): auth file, which servers may get its "
        + "credentials or be reached without verified TLS or over plain HTTP, WS-Management timeouts, paging and polling")
@interface HypervConfig {

    @AttributeDefinition(name = "Auth file",
        description = "libvirt-format auth.conf used when LIBVIRT_AUTH_FILE is not set", required = false)
    String auth_file() default "";

    @AttributeDefinition(name = "Hosts for default credentials",
        description = "Host names that may be sent the auth file's [auth-hyperv-default] credentials (comma "
            + "separated); any other host gets only its own [auth-hyperv-HOST] group", required = false)
    String[] auth_default_hosts() default {};

    @AttributeDefinition(name = "Servers allowed plain HTTP",
        description = "HOST or HOST:PORT entries (comma separated) that may be reached with transport=http "
            + "(Basic authentication sends the password in clear over it)", required = false)
    String[] plain_http_hosts() default {};

    @AttributeDefinition(name = "Servers allowed unverified TLS",
        description = "HOST or HOST:PORT entries (comma separated) that may be reached with no_verify=1", required = false)
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
    long response_max_bytes() default 16L << 20;

    @AttributeDefinition(name = "Items per pull", description = "WS-Enumeration MaxElements of every Pull")
    int pull_max_elements() default 100;

    @AttributeDefinition(name = "Job timeout (s)",
        description = "Longest wait for a WMI job (Msvm_ConcreteJob) a state change or method started")
    int job_timeout_s() default 300;

    @AttributeDefinition(name = "Event poll interval (ms)",
        description = "How often a connection with event listeners asks the host for its VMs' states")
    int event_poll_ms() default 2_000;
}
