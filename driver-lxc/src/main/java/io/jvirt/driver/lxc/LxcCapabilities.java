package io.jvirt.driver.lxc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.FeaturesDef;
import io.jvirt.api.domain.XmlElement;

/**
 * The capabilities a container's init keeps, as libvirt's {@code lxcContainerDropCapabilities}
 * decides them from {@code <features><capabilities policy='default|allow|deny'>} and its per
 * capability {@code state='on|off'} switches:
 *
 * <ul>
 * <li>default (also without the element): sys_module, sys_time, mknod, audit_control and mac_admin
 *     are dropped unless switched on, any other capability only when switched off. libvirt also
 *     drops sys_boot when the kernel cannot reboot a container (before Linux 3.4); every kernel this
 *     driver runs on can, so sys_boot stays (a reboot from inside ends the container's init with
 *     SIGHUP, and the driver starts it again).</li>
 * <li>allow: only what is switched off is dropped.</li>
 * <li>deny: everything is dropped (also capabilities libvirt has no name for) but what is switched on.</li>
 * </ul>
 *
 * The drop is made with util-linux {@code setpriv}: out of the bounding set and the inheritable set
 * before the container's first program runs, so no exec inside the container (init runs as uid 0)
 * can have them again. sys_admin cannot be dropped: the launcher's own steps in the container
 * (mounts, pivot_root, sethostname) need it, and no host program is left to drop it after them;
 * such a definition is refused rather than run with more than it asked for.
 */
final class LxcCapabilities {

    /** libvirt's virDomainProcessCapsFeature names, in its order (the kernel's names without "cap_"). */
    static final List<String> NAMES = List.of("audit_control", "audit_write", "block_suspend", "chown", "dac_override",
        "dac_read_search", "fowner", "fsetid", "ipc_lock", "ipc_owner", "kill", "lease", "linux_immutable", "mac_admin",
        "mac_override", "mknod", "net_admin", "net_bind_service", "net_broadcast", "net_raw", "setgid", "setfcap",
        "setpcap", "setuid", "sys_admin", "sys_boot", "sys_chroot", "sys_module", "sys_nice", "sys_pacct", "sys_ptrace",
        "sys_rawio", "sys_resource", "sys_time", "sys_tty_config", "syslog", "wake_alarm");

    /** What the default policy drops unless switched on. */
    static final Set<String> DEFAULT_DROPS = Set.of("sys_module", "sys_time", "mknod", "audit_control", "mac_admin");

    /** What the launcher needs inside the container after the drop. */
    static final String LAUNCHER_NEEDS = "sys_admin";

    private final String policy;
    private final Map<String, Boolean> states;

    private LxcCapabilities(String policy, Map<String, Boolean> states) {
        this.policy = policy;
        this.states = states;
    }

    /**
     * The domain's capability policy, validated as libvirt's parser does: unknown names are
     * XML_ERROR "unexpected capability feature 'x'", a state other than on/off is an XML error too.
     */
    static LxcCapabilities of(DomainDef def) {
        FeaturesDef features = def.features();
        FeaturesDef.Feature caps = features == null ? null : features.get("capabilities");
        String policy = caps == null || caps.attr("policy") == null ? "default" : caps.attr("policy");
        Map<String, Boolean> states = new LinkedHashMap<>();
        if (caps != null) {
            for (XmlElement c : caps.children()) {
                if (!NAMES.contains(c.name())) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "unexpected capability feature '" + c.name() + "'");
                }
                String state = c.attributes().get("state");
                if (!"on".equals(state) && !"off".equals(state)) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                        "Invalid value for attribute 'state' in element '" + c.name() + "': '" + state + "'.");
                }
                states.put(c.name(), "on".equals(state));
            }
        }
        return new LxcCapabilities(policy, states);
    }

    /** Whether {@code name} is switched on explicitly (the devices cgroup lets mknod through only then). */
    boolean switchedOn(String name) {
        return Boolean.TRUE.equals(states.get(name));
    }

    /** Whether the container's init keeps {@code name}. */
    boolean keeps(String name) {
        Boolean on = states.get(name);
        return switch (policy) {
            case "deny" -> Boolean.TRUE.equals(on);
            case "allow" -> !Boolean.FALSE.equals(on);
            default -> DEFAULT_DROPS.contains(name) ? Boolean.TRUE.equals(on) : !Boolean.FALSE.equals(on);
        };
    }

    /** Refuses what the launcher cannot honour (dropping sys_admin). */
    void checkSupported() {
        if (!keeps(LAUNCHER_NEEDS)) {
            throw LxcDomainRules.unsupported("dropping the capability '" + LAUNCHER_NEEDS
                + "' is not supported by jvirt's LXC driver: its launcher needs it to build the container"
                + " (switch it on: <" + LAUNCHER_NEEDS + " state='on'/>)");
        }
    }

    /**
     * {@code setpriv} options making the drop, or an empty list when nothing is dropped: the
     * bounding set and the inheritable set lose the same capabilities (libvirt drops them from
     * effective, permitted, inheritable and bounding; a uid 0 exec then has exactly the bounding set).
     */
    List<String> setprivOptions() {
        List<String> out = new ArrayList<>();
        String set;
        if ("deny".equals(policy)) {
            StringBuilder b = new StringBuilder("-all");
            for (String n : NAMES) {
                if (keeps(n)) {
                    b.append(",+").append(n);
                }
            }
            set = b.toString();
        } else {
            StringBuilder b = new StringBuilder();
            for (String n : NAMES) {
                if (!keeps(n)) {
                    b.append(b.length() == 0 ? "" : ",").append('-').append(n);
                }
            }
            if (b.length() == 0) {
                return out;
            }
            set = b.toString();
        }
        out.add("--bounding-set");
        out.add(set);
        out.add("--inh-caps");
        out.add("deny".equals(policy) ? "-all" : set);
        return out;
    }
}
