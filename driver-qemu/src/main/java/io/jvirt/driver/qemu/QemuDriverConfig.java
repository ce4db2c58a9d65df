package io.jvirt.driver.qemu;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "jvirt QEMU driver", description = "QEMU driver settings (PID io.jvirt.driver.qemu)")
@interface QemuDriverConfig {

    @AttributeDefinition(name = "Emulator", required = false,
        description = "The QEMU binary; empty: qemu-system-x86_64 found on the PATH")
    String emulator() default "";

    @AttributeDefinition(name = "System state directory", required = false,
        description = "State of qemu:///system; empty: ${karaf.data}/jvirt/qemu/system")
    String system_state_dir() default "";

    @AttributeDefinition(name = "Session state directory", required = false,
        description = "State of qemu:///session; empty: ${karaf.data}/jvirt/qemu/session")
    String session_state_dir() default "";

    @AttributeDefinition(name = "Monitor timeout (ms)", description = "How long a start or reconnect waits for QEMU's monitor")
    long monitor_timeout_ms() default 30_000;

    @AttributeDefinition(name = "Command timeout (ms)", description = "Bound on one QMP command")
    long command_timeout_ms() default 30_000;

    @AttributeDefinition(name = "Destroy timeout (ms)", description = "How long destroy waits after SIGTERM before SIGKILL")
    long destroy_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Probe timeout (ms)", description = "Bound on each capability probe of the QEMU binary")
    long probe_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Network namespace", required = false,
        description = "A network namespace (e.g. /run/netns/NAME) for QEMU and its tap devices; empty: the driver's own")
    String network_namespace() default "";

    @AttributeDefinition(name = "User networking", required = false,
        description = "Backend of <interface type='user'>: auto (passt when installed, else QEMU's slirp with restrict=on), "
            + "passt, or slirp (QEMU's slirp unrestricted: guests reach the host's loopback services)")
    String user_network() default "auto";

    @AttributeDefinition(name = "Autostart", description = "Start autostart domains once per host boot")
    boolean autostart() default true;
}
