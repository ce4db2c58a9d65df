package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The model's lists and maps that stay unallocated while empty (issue 27) behave as the modifiable
 * collections they were: reads of an empty one see nothing, writes through any view land in the
 * definition, a view taken before the first element sees it, and copies stay independent.
 */
class EmptyCollectionsTest {

    private static final String XML = "<domain type='test'><name>d</name><uuid>6a1e0000-0000-4000-8000-000000000001</uuid><memory>8192</memory><os><type>hvm</type></os></domain>";

    @Test
    void emptyListsReadEmptyAndTakeWritesThroughAnyView() {
        DomainDef def = DomainXml.parse(XML);
        List<DeviceDef> before = def.devices();
        assertTrue(before.isEmpty());
        assertThrows(IndexOutOfBoundsException.class, () -> before.get(0));
        assertThrows(IndexOutOfBoundsException.class, () -> before.add(1, null));

        DeviceDef disk = DomainXml.parseDevice("<disk type='file' device='disk'><source file='/x.img'/><target dev='vda' bus='virtio'/></disk>");
        def.devices().add(disk);
        assertEquals(List.of(disk), before, "a view taken while empty sees the element added through another");
        assertEquals(1, def.disks().size());
        before.remove(0);
        assertTrue(def.devices().isEmpty());
        assertTrue(DomainXml.format(def).contains("<name>d</name>"));
    }

    @Test
    void keptElementsAndNamespacesOfAnEmptyDefinition() {
        DomainDef def = DomainXml.parse(XML);
        assertNull(def.kept("seclabel"));
        def.kept().add(new XmlElement("seclabel"));
        assertEquals("seclabel", def.kept("seclabel").name());

        Map<String, String> ns = def.rootNamespaces();
        assertTrue(ns.isEmpty());
        assertNull(ns.get("qemu"));
        ns.put("qemu", "http://libvirt.org/schemas/domain/qemu/1.0");
        assertEquals(Map.of("qemu", "http://libvirt.org/schemas/domain/qemu/1.0"), def.rootNamespaces());
        assertEquals(1, ns.size());
        ns.remove("qemu");
        assertTrue(def.rootNamespaces().isEmpty());
    }

    @Test
    void osListsAndInitEnvironment() {
        OsDef os = new OsDef();
        List<String> args = os.initArgs();
        args.add("--verbose");
        args.addAll(List.of("a", "b"));
        assertEquals(List.of("--verbose", "a", "b"), os.initArgs());
        os.initEnv().put("HOME", "/root");
        os.initEnv().putAll(Map.of("TERM", "xterm"));
        assertEquals("/root", os.initEnv().get("HOME"));
        assertEquals(2, os.initEnv().size());
        os.bootDevices().add("network");
        os.bootDevices().add(0, "hd");
        assertEquals(List.of("hd", "network"), os.bootDevices());
        os.kept().add(new XmlElement("bios"));
        assertEquals(1, os.kept().size());
    }

    @Test
    void copiesOfEmptyAndFilledCollectionsAreIndependent() {
        DomainDef def = DomainXml.parse(XML);
        DomainDef emptyCopy = def.copy();
        emptyCopy.devices().add(DomainXml.parseDevice("<watchdog model='i6300esb'/>"));
        emptyCopy.os().initArgs().add("x");
        assertTrue(def.devices().isEmpty(), "the original's devices stay empty");
        assertTrue(def.os().initArgs().isEmpty());

        DomainDef filledCopy = emptyCopy.copy();
        filledCopy.devices().clear();
        filledCopy.os().initArgs().clear();
        assertEquals(1, emptyCopy.devices().size(), "clearing a copy leaves its source alone");
        assertEquals(List.of("x"), emptyCopy.os().initArgs());
        assertEquals(DomainXml.format(def), DomainXml.format(DomainXml.parse(XML)));
    }
}
