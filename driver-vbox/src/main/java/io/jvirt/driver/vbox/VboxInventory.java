package io.jvirt.driver.vbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainListFilter;
import io.jvirt.core.kit.remote.DomainInventory;
import io.jvirt.core.spi.DomainRef;

/**
 * The machines VirtualBox has, asked on every call as libvirt's driver walks
 * {@code IVirtualBox::Machines} every time. A listing is {@code list vms} (the machines in
 * VirtualBox's order: the index behind libvirt's id) and {@code list runningvms} (which of them are
 * online): two calls whatever the number of machines. A machine's state is read with
 * {@code showvminfo} only when the caller needs it (a lookup, a listing filtered by state or by
 * managed save).
 */
final class VboxInventory implements DomainInventory<Machine> {

    /** {@code "name" {uuid}}: VBoxManage prints the name as it is, so the UUID is found from the end. */
    private static final Pattern LINE = Pattern.compile("^\"(.*)\" \\{([0-9a-fA-F-]{36})\\}$");

    private final VBoxManage vbox;

    VboxInventory(VBoxManage vbox) {
        this.vbox = vbox;
    }

    /** The lines of {@code list vms} or {@code list runningvms}, in VirtualBox's order. */
    static List<Map.Entry<String, UUID>> parseList(String output) {
        List<Map.Entry<String, UUID>> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                try {
                    out.add(Map.entry(m.group(1), UUID.fromString(m.group(2))));
                } catch (IllegalArgumentException e) {
                    // not a machine line
                }
            }
        }
        return out;
    }

    private List<Map.Entry<String, UUID>> registered() {
        return parseList(vbox.run("list", "vms"));
    }

    private Set<UUID> running() {
        Set<UUID> out = new HashSet<>();
        parseList(vbox.run("list", "runningvms")).forEach(e -> out.add(e.getValue()));
        return out;
    }

    /** The settings of one machine ({@code showvminfo UUID --machinereadable}). */
    MachineInfo info(UUID uuid) {
        return MachineInfo.parse(vbox.run("showvminfo", uuid.toString(), "--machinereadable"));
    }

    @Override
    public List<Machine> list(DomainListFilter filter) {
        List<Map.Entry<String, UUID>> all = registered();
        Set<UUID> online = running();
        List<Machine> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            UUID u = all.get(i).getValue();
            out.add(new Machine(all.get(i).getKey(), u, i, online.contains(u), null));
        }
        return out;
    }

    /** Every machine with its settings read: one showvminfo per machine (event polling, state filters). */
    List<Machine> listWithInfo() {
        List<Machine> out = new ArrayList<>();
        for (Machine m : list(DomainListFilter.of(0))) {
            try {
                out.add(withInfo(m));
            } catch (VirtException e) {
                if (e.code() != ErrorCode.NO_DOMAIN) {
                    throw e;
                }
                // unregistered between the two calls
            }
        }
        return out;
    }

    private Machine withInfo(Machine m) {
        MachineInfo info = info(m.uuid());
        return new Machine(info.name(), m.uuid(), m.index(), info.state().online(), info);
    }

    @Override
    public DomainListFilter.Facts<Machine> facts(DomainListFilter filter) {
        // the state of a machine costs a showvminfo: read once per machine, and only when asked
        Map<UUID, Machine> read = new HashMap<>();
        java.util.function.Function<Machine, Machine> full = m -> read.computeIfAbsent(m.uuid(), u -> withInfo(m));
        return DomainListFilter.facts(Machine::online, m -> true, m -> full.apply(m).state().libvirt(),
            m -> full.apply(m).state() == VmState.SAVED, m -> false, m -> false);
    }

    @Override
    public Optional<Machine> byUuid(UUID uuid) {
        List<Map.Entry<String, UUID>> all = registered();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).getValue().equals(uuid)) {
                try {
                    return Optional.of(withInfo(new Machine(all.get(i).getKey(), uuid, i, false, null)));
                } catch (VirtException e) {
                    if (e.code() == ErrorCode.NO_DOMAIN) {
                        return Optional.empty();
                    }
                    throw e;
                }
            }
        }
        return Optional.empty();
    }

    /** libvirt's vboxDomainLookupByName: the first machine of that name. */
    @Override
    public Optional<Machine> byName(String name) {
        for (Map.Entry<String, UUID> e : registered()) {
            if (e.getKey().equals(name)) {
                return byUuid(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** libvirt's vboxDomainLookupByID: the machine at index id - 1, if it is online. */
    @Override
    public Optional<Machine> byId(int id) {
        if (id < 1) {
            return Optional.empty();
        }
        List<Map.Entry<String, UUID>> all = registered();
        if (id > all.size()) {
            return Optional.empty();
        }
        return byUuid(all.get(id - 1).getValue()).filter(Machine::online);
    }

    @Override
    public DomainRef ref(Machine m) {
        return m.ref();
    }

    // libvirt's vbox wording of unknown domains

    @Override
    public String noSuchName(String name) {
        return "no domain with matching name '" + name + "'";
    }

    @Override
    public String noSuchUuid(UUID uuid) {
        return "no domain with matching uuid '" + uuid + "'";
    }

    @Override
    public String noSuchId(int id) {
        return "no domain with matching id " + id;
    }
}
