package io.jvirt.driver.esx;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "jvirt ESX driver",
    description = "Settings of the ESX driver (PID io.jvirt.driver.esx): auth file and vSphere API timeouts")
@interface EsxConfig {

    @AttributeDefinition(name = "Auth file",
        description = "libvirt-format auth.conf used when LIBVIRT_AUTH_FILE is not set", required = false)
    String auth_file() default "";

    @AttributeDefinition(name = "Connect timeout (ms)", description = "TCP/TLS connect timeout of every request")
    int connect_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Request timeout (ms)", description = "Longest wait for one SOAP answer")
    int request_timeout_ms() default 60_000;

    @AttributeDefinition(name = "Task timeout (s)", description = "Longest wait for a vSphere task (power on, create, ...)")
    int task_timeout_s() default 600;

    @AttributeDefinition(name = "Keep-alive interval (s)",
        description = "How often an idle session is kept alive (0: never)")
    int keepalive_s() default 300;
}
