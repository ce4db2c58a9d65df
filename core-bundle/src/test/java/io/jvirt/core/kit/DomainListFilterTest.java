package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jvirt.api.DomainState;
import io.jvirt.api.Flag;
import io.jvirt.api.ListFilter;

/** libvirt's listing filter (virDomainObjListFilter), the one every driver uses, on made-up domains. */
class DomainListFilterTest {

    /** A domain as the filter sees it. */
    record Dom(String name, boolean active, boolean persistent, DomainState state, boolean managedSave, boolean autostart,
               boolean snapshot) {
    }

    private static final List<Dom> ALL = List.of(
        new Dom("running", true, true, DomainState.RUNNING, false, true, false),
        new Dom("paused", true, true, DomainState.PAUSED, false, false, true),
        new Dom("transient", true, false, DomainState.RUNNING, false, false, false),
        new Dom("crashed", true, true, DomainState.CRASHED, false, false, false),
        new Dom("off", false, true, DomainState.SHUTOFF, false, true, false),
        new Dom("saved", false, true, DomainState.SHUTOFF, true, false, true));

    /** The facts, counting which were read. */
    private static final class Counting implements DomainListFilter.Facts<Dom> {
        final List<String> read = new ArrayList<>();

        @Override
        public boolean isActive(Dom d) {
            read.add("active");
            return d.active();
        }

        @Override
        public boolean isPersistent(Dom d) {
            read.add("persistent");
            return d.persistent();
        }

        @Override
        public DomainState state(Dom d) {
            read.add("state");
            return d.state();
        }

        @Override
        public boolean hasManagedSave(Dom d) {
            read.add("managedsave");
            return d.managedSave();
        }

        @Override
        public boolean autostart(Dom d) {
            read.add("autostart");
            return d.autostart();
        }

        @Override
        public boolean hasSnapshot(Dom d) {
            read.add("snapshot");
            return d.snapshot();
        }
    }

    private static Set<String> names(ListFilter... flags) {
        List<Dom> out = DomainListFilter.of(Flag.bits(flags)).select(ALL, new Counting());
        Set<String> names = new java.util.TreeSet<>();
        out.forEach(d -> names.add(d.name()));
        return names;
    }

    @Test
    void eachFlagSelectsItsDomains() {
        assertEquals(Set.of("running", "paused", "transient", "crashed"), names(ListFilter.ACTIVE));
        assertEquals(Set.of("off", "saved"), names(ListFilter.INACTIVE));
        assertEquals(Set.of("transient"), names(ListFilter.TRANSIENT));
        assertEquals(Set.of("running", "transient"), names(ListFilter.RUNNING));
        assertEquals(Set.of("paused"), names(ListFilter.PAUSED));
        assertEquals(Set.of("off", "saved"), names(ListFilter.SHUTOFF));
        // OTHER: every state but running, paused and shut off
        assertEquals(Set.of("crashed"), names(ListFilter.OTHER));
        assertEquals(Set.of("saved"), names(ListFilter.MANAGEDSAVE));
        assertEquals(Set.of("running", "off"), names(ListFilter.AUTOSTART));
        assertEquals(Set.of("paused", "transient", "crashed", "saved"), names(ListFilter.NO_AUTOSTART));
        assertEquals(Set.of("paused", "saved"), names(ListFilter.HAS_SNAPSHOT));
        assertEquals(Set.of("running", "transient", "crashed", "off"), names(ListFilter.NO_SNAPSHOT));
    }

    @Test
    void groupsCombineWithAndFlagsOfAGroupWithOr() {
        assertEquals(Set.of("running", "off"), names(ListFilter.PERSISTENT, ListFilter.AUTOSTART));
        assertEquals(Set.of("running", "paused", "transient"), names(ListFilter.RUNNING, ListFilter.PAUSED));
        assertEquals(Set.of("paused"), names(ListFilter.ACTIVE, ListFilter.HAS_SNAPSHOT));
        // both flags of a group, or every state: that group selects nothing away
        assertEquals(6, names(ListFilter.ACTIVE, ListFilter.INACTIVE).size());
        assertEquals(6, names(ListFilter.RUNNING, ListFilter.PAUSED, ListFilter.SHUTOFF, ListFilter.OTHER).size());
        assertEquals(Set.of("running", "off"), names(ListFilter.AUTOSTART, ListFilter.HAS_SNAPSHOT, ListFilter.NO_SNAPSHOT));
    }

    @Test
    void aFactIsReadOnlyWhenItsGroupAsks() {
        Counting facts = new Counting();
        DomainListFilter.of(0).select(ALL, facts);
        assertEquals(List.of(), facts.read, "no filter: no fact read");

        DomainListFilter autostart = DomainListFilter.of(ListFilter.AUTOSTART.bit());
        assertTrue(autostart.asks(ListFilter.AUTOSTART));
        assertTrue(autostart.asks(ListFilter.NO_AUTOSTART), "a group is asked whichever of its flags is set");
        assertFalse(autostart.asks(ListFilter.HAS_SNAPSHOT));
        autostart.select(ALL, facts);
        assertEquals(ALL.size(), facts.read.size(), "one fact a domain");
        assertTrue(facts.read.stream().allMatch("autostart"::equals), facts.read.toString());

        DomainListFilter both = DomainListFilter.of(ListFilter.HAS_SNAPSHOT.bit() | ListFilter.NO_SNAPSHOT.bit());
        assertFalse(both.asks(ListFilter.HAS_SNAPSHOT), "both flags: the group selects nothing, reads nothing");
    }

    @Test
    void theRegistryListsThroughIt() {
        DomainRegistry<Void> r = new DomainRegistry<>();
        DomainObject<Void> a = r.place(DomainRegistryTest.def("a"), true, () -> null).domain();
        r.place(DomainRegistryTest.def("b"), true, () -> null);
        a.setAutostart(true);
        assertEquals(List.of("a"), r.list(ListFilter.AUTOSTART.bit()).stream().map(DomainObject::name).toList());
        assertEquals(List.of("b"), r.list(ListFilter.NO_AUTOSTART.bit()).stream().map(DomainObject::name).toList());
        assertEquals(List.of(), r.list(ListFilter.HAS_SNAPSHOT.bit()));
        assertEquals(2, r.list(ListFilter.NO_SNAPSHOT.bit()).size());
    }
}
