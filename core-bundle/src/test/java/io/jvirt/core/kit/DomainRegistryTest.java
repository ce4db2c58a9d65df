package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.Flag;
import io.jvirt.api.ListFilter;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;

class DomainRegistryTest {

    private final DomainRegistry<Object> reg = new DomainRegistry<>();

    static DomainDef def(String name) {
        return def(name, UUID.nameUUIDFromBytes(name.getBytes()));
    }

    static DomainDef def(String name, UUID uuid) {
        return new DomainDef().name(name).uuid(uuid);
    }

    private DomainObject<Object> add(String name, boolean persistent) {
        return reg.addOrFind(def(name), persistent, Object::new);
    }

    private DomainObject<Object> start(DomainObject<Object> d, DomainState state) {
        reg.assignId(d);
        d.setState(state, StateReason.UNKNOWN);
        return d;
    }

    private static VirtException fails(ErrorCode code, org.junit.jupiter.api.function.Executable call) {
        VirtException e = assertThrows(VirtException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    private List<String> names(ListFilter... filters) {
        return reg.list(Flag.bits(filters)).stream().map(DomainObject::name).toList();
    }

    @Test
    void namesAndUuidsAreUniqueAcrossPersistentAndTransient() {
        DomainObject<Object> a = add("a", true);
        add("t", false);
        assertSame(a, reg.addOrFind(def("a"), false, Object::new), "same name and uuid finds the domain");

        VirtException e = fails(ErrorCode.OPERATION_FAILED, () -> reg.addOrFind(def("a", UUID.randomUUID()), true, Object::new));
        assertEquals("operation failed: domain 'a' already exists with uuid " + a.uuid(), e.getMessage());
        e = fails(ErrorCode.OPERATION_FAILED, () -> reg.addOrFind(def("other", a.uuid()), false, Object::new));
        assertEquals("operation failed: domain 'a' is already defined with uuid " + a.uuid(), e.getMessage());
        fails(ErrorCode.OPERATION_FAILED, () -> reg.addOrFind(def("t", UUID.randomUUID()), true, Object::new));
        assertEquals(2, reg.size());
    }

    @Test
    void lookupsFindByEveryIndexAndReportNoDomain() {
        DomainObject<Object> a = start(add("a", true), DomainState.RUNNING);
        assertSame(a, reg.getByName("a"));
        assertSame(a, reg.getByUuid(a.uuid()));
        assertSame(a, reg.getById(a.id()));
        assertNull(reg.findByName("zz"));
        assertEquals("Domain not found: no domain with matching name 'zz'", fails(ErrorCode.NO_DOMAIN, () -> reg.getByName("zz")).getMessage());
        assertEquals("Domain not found: no domain with matching id 99", fails(ErrorCode.NO_DOMAIN, () -> reg.getById(99)).getMessage());
        UUID u = UUID.randomUUID();
        assertEquals("Domain not found: no domain with matching uuid '" + u + "'", fails(ErrorCode.NO_DOMAIN, () -> reg.getByUuid(u)).getMessage());
    }

    @Test
    void idsStartAtOneGrowAndAreNeverReused() {
        DomainObject<Object> a = add("a", true);
        DomainObject<Object> b = add("b", true);
        assertEquals(-1, a.id());
        assertFalse(a.isActive());
        assertEquals(1, reg.assignId(a));
        assertEquals(1, reg.assignId(a), "a running domain keeps its id");
        assertEquals(2, reg.assignId(b));
        reg.releaseId(a);
        assertEquals(-1, a.id());
        assertNull(reg.findById(1));
        assertEquals(3, reg.assignId(a), "ids only grow, as in libvirt");
        assertSame(a, reg.findById(3));
    }

    @Test
    void knownIdsAreKeptAndLaterIdsStartAboveThem() {
        DomainObject<Object> a = add("a", true);
        DomainObject<Object> b = add("b", true);
        DomainObject<Object> c = add("c", true);
        reg.assignId(a, 7);
        assertSame(a, reg.getById(7));
        fails(ErrorCode.INTERNAL_ERROR, () -> reg.assignId(b, 7));
        fails(ErrorCode.INTERNAL_ERROR, () -> reg.assignId(b, -2));
        assertEquals(8, reg.assignId(b));
        reg.assignId(a, 7); // again: no-op
        reg.assignId(a, 20);
        assertNull(reg.findById(7), "the old id must not keep pointing at the domain");
        assertEquals(21, reg.assignId(c));
        assertEquals(3, reg.countActive());
        assertEquals(0, reg.countInactive());
    }

    @Test
    void removeDropsEveryIndexAndMarksTheDomain() {
        DomainObject<Object> a = start(add("a", false), DomainState.RUNNING);
        int id = a.id();
        reg.remove(a);
        assertTrue(a.isRemoved());
        assertNull(reg.findByName("a"));
        assertNull(reg.findByUuid(a.uuid()));
        assertNull(reg.findById(id));
        assertEquals(0, reg.size());
        add("a", true); // the name is free again
    }

    @Test
    void renameMovesTheNameIndexAndRefusesTakenNames() {
        DomainObject<Object> a = add("a", true);
        add("b", true);
        VirtException e = fails(ErrorCode.OPERATION_INVALID, () -> reg.rename(a, "a", "b"));
        assertEquals("Requested operation is not valid: domain with name 'b' already exists", e.getMessage());
        fails(ErrorCode.INTERNAL_ERROR, () -> reg.rename(a, "not-its-name", "c"));
        reg.rename(a, "a", "c");
        a.setDef(def("c", a.uuid()));
        assertSame(a, reg.getByName("c"));
        assertNull(reg.findByName("a"));
        reg.remove(a);
        assertNull(reg.findByName("c"));
    }

    @Test
    void removeFindsARenamedDomainEvenBeforeItsDefinitionChanges() {
        DomainObject<Object> a = add("a", true);
        reg.rename(a, "a", "c"); // the definition still says "a"
        reg.remove(a);
        assertNull(reg.findByName("c"));
        assertEquals(0, reg.size());
    }

    @Test
    void listFiltersCombineGroupsWithAndAndFlagsWithOr() {
        DomainObject<Object> run = start(add("run", true), DomainState.RUNNING);
        DomainObject<Object> pause = start(add("pause", false), DomainState.PAUSED);
        DomainObject<Object> off = add("off", true);
        off.setAutostart(true);
        off.setManagedSave(true);
        add("off2", true);
        DomainObject<Object> crashed = start(add("crashed", true), DomainState.CRASHED);

        assertEquals(List.of("run", "pause", "crashed", "off", "off2"), names(), "running by id, then the others by name");
        assertEquals(List.of("run", "pause", "crashed"), names(ListFilter.ACTIVE));
        assertEquals(List.of("off", "off2"), names(ListFilter.INACTIVE));
        assertEquals(names(), names(ListFilter.ACTIVE, ListFilter.INACTIVE), "both flags of a group: no filter");
        assertEquals(List.of("pause"), names(ListFilter.TRANSIENT));
        assertEquals(List.of("run", "crashed"), names(ListFilter.ACTIVE, ListFilter.PERSISTENT));
        assertEquals(List.of("run", "pause"), names(ListFilter.RUNNING, ListFilter.PAUSED));
        assertEquals(List.of("crashed"), names(ListFilter.OTHER));
        assertEquals(List.of("off", "off2"), names(ListFilter.SHUTOFF));
        assertEquals(List.of(), names(ListFilter.TRANSIENT, ListFilter.INACTIVE));
        assertEquals(List.of("off"), names(ListFilter.AUTOSTART));
        assertEquals(List.of("off2"), names(ListFilter.NO_AUTOSTART, ListFilter.INACTIVE));
        assertEquals(List.of("off"), names(ListFilter.MANAGEDSAVE, ListFilter.PERSISTENT));
        assertEquals(List.of("pause"), names(ListFilter.NO_MANAGEDSAVE, ListFilter.TRANSIENT, ListFilter.PAUSED));
        assertEquals(List.of(), names(ListFilter.HAS_SNAPSHOT));
        assertEquals(5, names(ListFilter.NO_SNAPSHOT).size());
        assertEquals(3, reg.countActive());
        assertEquals(2, reg.countInactive());
        assertSame(run, reg.all().get(0));
        assertSame(pause, reg.all().get(1));
        assertSame(crashed, reg.all().get(2));
    }

    @Test
    void listOrderFollowsEveryChangeBetweenListings() {
        // listings reuse their last order while nothing changed: every kind of change must show
        DomainObject<Object> b = add("b", true);
        DomainObject<Object> c = add("c", true);
        assertEquals(List.of("b", "c"), names());
        assertEquals(List.of("b", "c"), names(), "unchanged: same order again");
        add("a", true);
        assertEquals(List.of("a", "b", "c"), names(), "a domain came");
        start(c, DomainState.RUNNING);
        assertEquals(List.of("c", "a", "b"), names(), "a domain got an id");
        reg.releaseId(c);
        assertEquals(List.of("a", "b", "c"), names(), "a domain lost its id");
        reg.rename(b, "b", "d");
        b.setDef(def("d", b.uuid()));
        assertEquals(List.of("a", "c", "d"), names(), "a domain was renamed");
        reg.remove(c);
        assertEquals(List.of("a", "d"), names(), "a domain went");
    }

    @Test
    void placeSaysWhetherThisCallAddedTheDomainWhateverOthersDo() {
        DomainRegistry<Object> r = new DomainRegistry<>();
        io.jvirt.api.domain.DomainDef a = io.jvirt.api.domain.DomainXml.parse(
            "<domain type='test'><name>a</name><uuid>11111111-1111-1111-1111-111111111111</uuid><memory>1024</memory><os><type>hvm</type></os></domain>");
        io.jvirt.api.domain.DomainDef b = io.jvirt.api.domain.DomainXml.parse(
            "<domain type='test'><name>b</name><uuid>22222222-2222-2222-2222-222222222222</uuid><memory>1024</memory><os><type>hvm</type></os></domain>");
        DomainRegistry.Placement<Object> first = r.place(a, true, Object::new);
        assertTrue(first.added());
        // another name added between: a size comparison would call the next placement of a new
        r.place(b, true, Object::new);
        DomainRegistry.Placement<Object> again = r.place(a, true, Object::new);
        assertFalse(again.added());
        assertSame(first.domain(), again.domain());
    }
}
