package io.jvirt.core.kit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.InterfaceDef;

/**
 * What {@code <interface type='network'><source network='NAME'/>} means while jvirt has no network
 * driver: each network name stands for an existing host bridge, configured under PID
 * {@value #PID} as {@code NAME.bridge = BRIDGE} (e.g. {@code default.bridge = virbr0}). The
 * bridge, its addresses and its DHCP are the administrator's; a driver only attaches its guests'
 * host ends to it, exactly as for {@code <interface type='bridge'>}.
 *
 * <p>An immutable snapshot; drivers get the current one from the {@link NetworkResolver} service.
 */
public final class NetworkBridges {

    /** The ConfigAdmin PID of the network names (Karaf: {@code etc/io.jvirt.network.cfg}). */
    public static final String PID = "io.jvirt.network";
    /** The key suffix naming a network's bridge: {@code NAME.bridge}. */
    public static final String BRIDGE_SUFFIX = ".bridge";
    /** No networks at all. */
    public static final NetworkBridges NONE = new NetworkBridges(Map.of());

    /** What Linux accepts as an interface name (IFNAMSIZ - 1 bytes, no '/', ':' or white space). */
    private static final Pattern IFNAME = Pattern.compile("[^/:\\s]{1,15}");
    private static final Path SYS_CLASS_NET = Path.of("/sys/class/net");

    private final Map<String, String> bridges;
    /** The network driver's networks, asked before the configured names (null: none). */
    private final java.util.function.Function<String, java.util.Optional<String>> managed;

    private NetworkBridges(Map<String, String> bridges) {
        this(bridges, null);
    }

    private NetworkBridges(Map<String, String> bridges, java.util.function.Function<String, java.util.Optional<String>> managed) {
        this.bridges = Collections.unmodifiableMap(bridges);
        this.managed = managed;
    }

    /**
     * These configured names behind a network driver's networks: a name the network driver has
     * means its bridge while it is active (and libvirt's OPERATION_INVALID "network 'NAME' is not
     * active" while it is not); only names it does not have fall back to the configuration.
     *
     * @param managed the network driver's answer ({@link io.jvirt.core.spi.NetworkDriver#activeBridge})
     * @since 1.3.0
     */
    public NetworkBridges withManaged(java.util.function.Function<String, java.util.Optional<String>> managed) {
        return new NetworkBridges(bridges, managed);
    }

    /**
     * The networks of a configuration (ConfigAdmin properties or a plain map): every key
     * {@code NAME.bridge} with a non-blank value; other keys (service.pid, ...) are ignored.
     */
    public static NetworkBridges parse(Map<String, ?> config) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String key = e.getKey();
            if (key.endsWith(BRIDGE_SUFFIX) && key.length() > BRIDGE_SUFFIX.length() && e.getValue() != null
                && !String.valueOf(e.getValue()).isBlank()) {
                m.put(key.substring(0, key.length() - BRIDGE_SUFFIX.length()), String.valueOf(e.getValue()).trim());
            }
        }
        return new NetworkBridges(m);
    }

    /** Network name to bridge name, in configuration order. */
    public Map<String, String> asMap() {
        return bridges;
    }

    /**
     * The bridge of {@code network}.
     *
     * @throws VirtException NO_NETWORK with libvirt's words ("Network not found: no network with
     *                       matching name 'NAME'") when the network is not configured
     */
    public String bridgeOf(String network, ErrorDomain where) {
        if (managed != null && network != null) {
            java.util.Optional<String> active = managed.apply(network);
            if (active.isPresent()) {
                return active.get();
            }
        }
        String bridge = network == null ? null : bridges.get(network);
        if (bridge == null) {
            throw new VirtException(ErrorCode.NO_NETWORK, where, "no network with matching name '" + network + "'");
        }
        return bridge;
    }

    /**
     * Gives every {@code type='network'} interface of a live definition its bridge
     * ({@code <source network='default' bridge='virbr0'/>}, as libvirt's live XML shows it). Called
     * before a start touches the host, so a failure leaves nothing behind.
     *
     * @throws VirtException NO_NETWORK for an unknown network; OPERATION_INVALID when the network's
     *                       bridge is not a valid interface name or does not exist on this host
     */
    public void resolve(DomainDef live, ErrorDomain where) {
        resolve(live, where, bridge -> Files.isDirectory(SYS_CLASS_NET.resolve(bridge)));
    }

    /**
     * {@link #resolve(DomainDef, ErrorDomain)} where {@code bridgeExists} says whether a bridge is
     * there: for a driver whose devices live in another network namespace than the JVM's (whose
     * /sys/class/net shows only its own).
     *
     * @since 0.4.0
     */
    public void resolve(DomainDef live, ErrorDomain where, java.util.function.Predicate<String> bridgeExists) {
        for (InterfaceDef nic : live.interfaces()) {
            if (!"network".equals(nic.type())) {
                continue;
            }
            String bridge = bridgeOf(nic.sourceNetwork(), where);
            if (!IFNAME.matcher(bridge).matches()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, where, "network '" + nic.sourceNetwork()
                    + "' names '" + bridge + "' as its bridge, which is not an interface name (" + PID + ")");
            }
            if (!bridgeExists.test(bridge)) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, where, "network '" + nic.sourceNetwork()
                    + "' is not active: its bridge '" + bridge + "' does not exist on this host");
            }
            nic.sourceBridge(bridge);
        }
    }

    @Override
    public String toString() {
        return "networks " + bridges;
    }
}
