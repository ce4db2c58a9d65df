package io.jvirt.driver.vz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.BoundedJson;
import io.jvirt.core.kit.PolledEventHub;
import io.jvirt.core.kit.local.NodeFacts;

/**
 * The Virtuozzo server behind every connection: its tools, what {@code prlsrvctl info -j} said when
 * the driver first reached it (version, host name), and the operations the connections share
 * (define with its rollback, undefine). Also what this driver knows that prlctl does not say: the
 * state reason of a change it made (a destroy, a resume), kept while the environment stays in the
 * state that change left it in.
 */
final class VzHost {

    private static final Logger LOG = LoggerFactory.getLogger(VzHost.class);
    private static final Pattern VERSION = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})");

    /** A reason this driver knows, valid while the environment is in {@code state}. */
    record Hint(VzState state, StateReason reason) {
    }

    private final VzSettings settings;
    private final VzTools tools;
    private final VzInventory inventory;
    private final NodeFacts node;
    private final long version;
    private final String hostname;
    /** Every connection's event subscriptions, polled after any connection's change. */
    private final PolledEventHub events = new PolledEventHub();
    /** The STOPPED detail of the last destroy asked for, per environment, whichever connection asked. */
    private final Map<UUID, Integer> stopHints = new ConcurrentHashMap<>();
    private final Map<UUID, Hint> reasons = new ConcurrentHashMap<>();

    private VzHost(VzSettings settings, VzTools tools, long version, String hostname) {
        this.settings = settings;
        this.tools = tools;
        this.inventory = new VzInventory(tools);
        this.node = NodeFacts.local(ErrorDomain.PARALLELS);
        this.version = version;
        this.hostname = hostname;
    }

    /**
     * Asks {@code prlsrvctl info -j} who the server is.
     *
     * @throws VirtException when it cannot be run or answers nonsense: the reason opening fails
     */
    static VzHost probe(VzSettings settings) {
        VzTools tools = new VzTools(settings);
        Map<String, Object> info;
        try {
            info = BoundedJson.object(BoundedJson.parse(tools.prlsrvctl("info", "-j").strip()), "prlsrvctl's answer");
            String v = BoundedJson.optString(info, "Version");
            String h = BoundedJson.optString(info, "Hostname");
            long packed = v == null ? 0 : packVersion(v);
            if (packed <= 0) {
                throw new IllegalArgumentException("no version");
            }
            if (h == null || h.isBlank() || h.length() > 255 || !h.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("no host name");
            }
            return new VzHost(settings, tools, packed, h);
        } catch (IllegalArgumentException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.PARALLELS,
                "Can't parse prlsrvctl output: " + e.getMessage());
        }
    }

    /**
     * libvirt's vzInitVersion: Virtuozzo's versions read "7.0.14" or "6.0.17977.782218", and libvirt
     * keeps the first two numbers, major * 1000000 + minor * 1000; 0 when there is none.
     */
    static long packVersion(String v) {
        Matcher m = VERSION.matcher(v);
        if (!m.find()) {
            return 0;
        }
        return Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) * 1000;
    }

    VzSettings settings() {
        return settings;
    }

    VzTools tools() {
        return tools;
    }

    VzInventory inventory() {
        return inventory;
    }

    NodeFacts node() {
        return node;
    }

    long version() {
        return version;
    }

    String hostname() {
        return hostname;
    }

    PolledEventHub events() {
        return events;
    }

    Map<UUID, Integer> stopHints() {
        return stopHints;
    }

    /** Remembers the reason of a change this driver made, for as long as the environment stays in {@code state}. */
    void hint(UUID uuid, VzState state, int reason) {
        reasons.put(uuid, new Hint(state, new StateReason(state.libvirt(), reason)));
    }

    void clearHint(UUID uuid) {
        reasons.remove(uuid);
    }

    /** The state with libvirt's reason, or the reason this driver's own change gave it. */
    StateReason reason(VzEnv e) {
        Hint h = reasons.get(e.uuid());
        if (h != null && h.state() == e.state()) {
            return h.reason();
        }
        return e.state().reason();
    }

    // ---------- definitions ----------

    /**
     * Creates the environment with the definition's UUID, then sets it up; any failure after the
     * create removes it again (its disks detached first, so the user's images are never deleted).
     */
    VzEnv define(DomainDef def) {
        VzDefinition plan = VzDefinition.of(def);
        for (VzEnv e : inventory.all()) {
            if (e.uuid().equals(def.uuid())) {
                throw new VirtException(ErrorCode.DOM_EXIST, ErrorDomain.PARALLELS,
                    "domain '" + e.name() + "' already exists with uuid " + def.uuid());
            }
            if (e.name().equals(def.name())) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.PARALLELS,
                    "domain '" + def.name() + "' already exists with uuid " + e.uuid());
            }
        }
        tools.prlctl(plan.create().toArray(String[]::new));
        String id = def.uuid().toString();
        try {
            List<String> set = new ArrayList<>(List.of("set", id));
            set.addAll(plan.settings());
            tools.prlctl(set.toArray(String[]::new));
            for (List<String> device : plan.devices()) {
                List<String> argv = new ArrayList<>(List.of("set", id));
                argv.addAll(device);
                tools.prlctl(argv.toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            LOG.debug("defining '{}' failed, removing it again: {}", def.name(), e.getMessage());
            try {
                inventory.byUuid(def.uuid()).ifPresent(this::delete);
            } catch (RuntimeException r) {
                e.addSuppressed(r);
            }
            throw e;
        }
        return inventory.byUuid(def.uuid()).orElseThrow(() -> new VirtException(ErrorCode.INTERNAL_ERROR,
            ErrorDomain.PARALLELS, "Virtuozzo did not register '" + def.name() + "'"));
    }

    /**
     * libvirt's prlsdkUnregisterDomain: the hard disks are detached first
     * (prlsdkDetachDomainHardDisks), then the environment is deleted, so its images stay.
     */
    void delete(VzEnv e) {
        String id = e.uuid().toString();
        for (VzEnv.Disk d : e.disks()) {
            tools.prlctl("set", id, "--device-del", d.key());
        }
        tools.prlctl("delete", id);
        reasons.remove(e.uuid());
        stopHints.remove(e.uuid());
    }
}
