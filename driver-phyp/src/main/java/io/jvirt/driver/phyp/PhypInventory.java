package io.jvirt.driver.phyp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.core.kit.DomainListFilter;
import io.jvirt.core.kit.remote.DomainInventory;
import io.jvirt.core.spi.DomainRef;

/**
 * The driver's inventory port: the managed system's LPARs, one {@code lssyscfg -r lpar -F
 * name,lpar_id,state} per listing (libvirt's driver ran one pipeline per question: ids of running
 * LPARs, names of inactive ones, counts), filtered here. Lookups by name, id and UUID are made
 * from that one listing; UUIDs are computed ({@link LparUuids}).
 */
final class PhypInventory implements DomainInventory<Lpar> {

    private static final Logger LOG = LoggerFactory.getLogger(PhypInventory.class);

    private final Hmc hmc;
    private final LparUuids uuids;

    PhypInventory(Hmc hmc, LparUuids uuids) {
        this.hmc = hmc;
        this.uuids = uuids;
    }

    @Override
    public List<Lpar> list(DomainListFilter filter) {
        return all();
    }

    List<Lpar> all() {
        List<Lpar> out = new ArrayList<>();
        for (List<String> row : hmc.query("lssyscfg", "-r", "lpar", "-F", "name,lpar_id,state")) {
            if (row.size() != 3) {
                LOG.warn("ignoring an lssyscfg line of {} fields", row.size());
                continue;
            }
            int id;
            try {
                id = Integer.parseInt(row.get(1).strip());
            } catch (NumberFormatException e) {
                LOG.warn("ignoring an LPAR with id '{}'", row.get(1));
                continue;
            }
            if (id < 1 || row.get(0).isEmpty()) {
                continue;
            }
            out.add(new Lpar(row.get(0), id, row.get(2).strip(), uuids.of(id)));
        }
        return out;
    }

    @Override
    public DomainListFilter.Facts<Lpar> facts(DomainListFilter filter) {
        // every LPAR is persistent (the HMC keeps its definition); no managed save, autostart or snapshots
        return DomainListFilter.facts(Lpar::active, l -> true, Lpar::domainState, l -> false, l -> false, l -> false);
    }

    @Override
    public Optional<Lpar> byUuid(UUID uuid) {
        return all().stream().filter(l -> l.uuid().equals(uuid)).findFirst();
    }

    @Override
    public Optional<Lpar> byName(String name) {
        return all().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    @Override
    public DomainRef ref(Lpar lpar) {
        return lpar.ref();
    }

    @Override
    public String noSuchName(String name) {
        return "no LPAR named '" + name + "'";
    }

    @Override
    public String noSuchUuid(UUID uuid) {
        return "no LPAR with UUID " + uuid;
    }

    @Override
    public String noSuchId(int id) {
        return "no running LPAR with id " + id;
    }
}
