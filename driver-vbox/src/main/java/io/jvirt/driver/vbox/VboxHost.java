package io.jvirt.driver.vbox;

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
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.PolledEventHub;
import io.jvirt.core.kit.local.NodeFacts;

/**
 * The VirtualBox installation behind every connection: VBoxManage, what does not change while it
 * is installed (its version, the guest limits of {@code list systemproperties}), and the machine
 * operations the connections share (define with its rollback, undefine, the XML description).
 */
final class VboxHost {

    private static final Logger LOG = LoggerFactory.getLogger(VboxHost.class);
    /** VirtualBox keeps the front end of a machine where libvirt's driver puts it. */
    static final String FRONTEND_KEY = "FRONTEND/Type";
    private static final Pattern ATTACHMENT = Pattern.compile("(.+)-(\\d+)-(\\d+)");

    private final VboxSettings settings;
    private final VBoxManage vbox;
    private final VboxInventory inventory;
    private final NodeFacts node;
    private final String version;
    private final int maxCpus;
    /** Every connection's event subscriptions, polled after any connection's change. */
    private final PolledEventHub events = new PolledEventHub();
    /** The STOPPED detail of the last destroy asked for, per machine, whichever connection asked. */
    private final Map<UUID, Integer> stopHints = new ConcurrentHashMap<>();

    private VboxHost(VboxSettings settings, VBoxManage vbox, String version, int maxCpus) {
        this.settings = settings;
        this.vbox = vbox;
        this.inventory = new VboxInventory(vbox);
        this.node = NodeFacts.local(ErrorDomain.VBOX);
        this.version = version;
        this.maxCpus = maxCpus;
    }

    /**
     * Probes VBoxManage ({@code --version}, {@code list systemproperties}).
     *
     * @throws VirtException when it cannot be run or answers nonsense: the reason opening fails
     */
    static VboxHost probe(VboxSettings settings) {
        VBoxManage vbox = new VBoxManage(settings.vboxManage(), settings.commandTimeout(), settings.startTimeout());
        String version = vbox.run("--version").strip();
        if (packVersion(version) <= 0) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VBOX, "Could not extract VirtualBox version");
        }
        String props = vbox.run("list", "systemproperties");
        Matcher m = Pattern.compile("(?m)^Maximum guest CPU count:\\s+(\\d{1,4})\\s*$").matcher(props);
        int maxCpus = m.find() ? Integer.parseInt(m.group(1)) : 32;
        return new VboxHost(settings, vbox, version, maxCpus);
    }

    /**
     * libvirt's virStringParseVersion of VirtualBox's version ("7.0.14r161095"): major * 1000000 +
     * minor * 1000 + micro; 0 when it is no version.
     */
    static long packVersion(String v) {
        Matcher m = Pattern.compile("^(\\d{1,4})\\.(\\d{1,3})\\.(\\d{1,3})").matcher(v);
        if (!m.find()) {
            return 0;
        }
        return Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) * 1000 + Long.parseLong(m.group(3));
    }

    VboxSettings settings() {
        return settings;
    }

    VBoxManage vbox() {
        return vbox;
    }

    VboxInventory inventory() {
        return inventory;
    }

    NodeFacts node() {
        return node;
    }

    String version() {
        return version;
    }

    int maxCpus() {
        return maxCpus;
    }

    PolledEventHub events() {
        return events;
    }

    Map<UUID, Integer> stopHints() {
        return stopHints;
    }

    // ---------- definitions ----------

    /**
     * libvirt's vboxDomainDefineXMLFlags: refuses a taken name or UUID, registers the machine with
     * the definition's UUID ({@code createvm --register}), then sets it up; any failure after the
     * registration unregisters it again, never deleting the user's disk images.
     */
    Machine define(DomainDef def) {
        VboxDefinition plan = VboxDefinition.of(def, maxCpus);
        for (Map.Entry<String, UUID> e : VboxInventory.parseList(vbox.run("list", "vms"))) {
            if (e.getValue().equals(def.uuid())) {
                throw new VirtException(ErrorCode.DOM_EXIST, ErrorDomain.VBOX,
                    "domain '" + e.getKey() + "' already exists with uuid " + def.uuid());
            }
            if (e.getKey().equals(def.name())) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.VBOX,
                    "domain '" + def.name() + "' already exists with uuid " + e.getValue());
            }
        }
        String uuid = def.uuid().toString();
        vbox.run("createvm", "--name", def.name(), "--uuid", uuid, "--register");
        try {
            List<String> modify = new ArrayList<>(List.of("modifyvm", uuid));
            modify.addAll(plan.modify());
            vbox.run(modify.toArray(String[]::new));
            for (VboxDefinition.Controller c : plan.controllers()) {
                vbox.run("storagectl", uuid, "--name", c.name(), "--add", c.bus(), "--controller", c.type());
            }
            for (VboxDefinition.Attachment a : plan.attachments()) {
                List<String> argv = new ArrayList<>(List.of("storageattach", uuid, "--storagectl", a.controller(),
                    "--port", Integer.toString(a.port()), "--device", Integer.toString(a.device()), "--type", a.type(),
                    "--medium", a.medium()));
                if (a.immutable()) {
                    argv.addAll(List.of("--mtype", "immutable"));
                }
                vbox.run(argv.toArray(String[]::new));
            }
            if (!plan.frontEnd().equals("headless")) {
                vbox.run("setextradata", uuid, FRONTEND_KEY, plan.frontEnd());
            }
        } catch (RuntimeException e) {
            LOG.debug("defining '{}' failed, unregistering it again: {}", def.name(), e.getMessage());
            try {
                unregister(def.uuid());
            } catch (RuntimeException r) {
                e.addSuppressed(r);
            }
            throw e;
        }
        return inventory.byUuid(def.uuid()).orElseThrow(() -> new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VBOX,
            "VirtualBox did not register '" + def.name() + "'"));
    }

    /**
     * libvirt's vboxDomainUndefineFlags: the machine goes with its settings and saved state, its
     * disk images stay (libvirt unregisters with DetachAllReturnHardDisksOnly and deletes the
     * configuration with no media). {@code unregistervm --delete} would delete the hard disks still
     * attached, so every medium is detached first; if that fails the machine is unregistered
     * without --delete, which keeps every file.
     */
    void unregister(UUID uuid) {
        String id = uuid.toString();
        MachineInfo info = inventory.info(uuid);
        boolean detached = true;
        for (String[] a : attachments(info)) {
            try {
                vbox.run("storageattach", id, "--storagectl", a[0], "--port", a[1], "--device", a[2], "--medium", "none");
            } catch (VirtException e) {
                LOG.warn("cannot detach {} from '{}', keeping the machine's files: {}", a[3], info.name(), e.getMessage());
                detached = false;
                break;
            }
        }
        if (detached) {
            vbox.run("unregistervm", id, "--delete");
        } else {
            vbox.run("unregistervm", id);
        }
    }

    /** The attachments holding a medium: controller, port, device, medium. */
    static List<String[]> attachments(MachineInfo info) {
        List<String> controllers = new ArrayList<>();
        for (int i = 0; info.get("storagecontrollername" + i) != null; i++) {
            controllers.add(info.get("storagecontrollername" + i));
        }
        List<String[]> out = new ArrayList<>();
        for (Map.Entry<String, String> e : info.values().entrySet()) {
            Matcher m = ATTACHMENT.matcher(e.getKey());
            if (m.matches() && controllers.contains(m.group(1)) && !e.getValue().equals("none")) {
                out.add(new String[] {m.group(1), m.group(2), m.group(3), e.getValue()});
            }
        }
        return out;
    }

    /** The front end a start uses: the machine's FRONTEND/Type, else headless (no display here). */
    String frontEnd(UUID uuid) {
        String out = vbox.run("getextradata", uuid.toString(), FRONTEND_KEY);
        for (String line : out.split("\n")) {
            if (line.startsWith("Value: ")) {
                String v = line.substring("Value: ".length()).strip();
                if (v.equals("gui") || v.equals("sdl")) {
                    return v;
                }
            }
        }
        return "headless";
    }

    String xml(Machine m) {
        return VboxXml.of(m.info(), m.id(), NodeFacts.hostArch(), frontEnd(m.uuid()));
    }
}
