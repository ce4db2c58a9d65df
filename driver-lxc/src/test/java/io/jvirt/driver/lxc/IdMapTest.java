package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.IdMapDef;

/** The id map read from the typed {@code <idmap>} model. */
class IdMapTest {

    private static DomainDef container(String idmap) {
        return DomainXml.parse("<domain type='lxc'><name>c</name><memory>1024</memory>"
            + "<os><type>exe</type><init>/bin/sh</init></os>" + idmap + "</domain>");
    }

    @Test
    void mapsAndUnshareOptions() {
        IdMap m = IdMap.of(container("<idmap><uid start='1000' target='5000' count='10'/>"
            + "<uid start='0' target='100000' count='1000'/><gid start='0' target='100000' count='65536'/></idmap>"));
        assertEquals("0 100000 1000\n1000 5000 10\n", m.uidMap());
        assertEquals("0 100000 65536\n", m.gidMap());
        assertEquals(List.of("--map-users=100000,0,1000", "--map-users=5000,1000,10", "--map-groups=100000,0,65536",
            "--setuid", "0", "--setgid", "0"), m.unshareOptions());
    }

    @Test
    void noIdmapMeansNoUserNamespace() {
        assertNull(IdMap.of(container("")));
        assertNull(IdMap.of(container("").idmap(new IdMapDef())));
    }

    @Test
    void rootMustBeMappedAndRangesNotEmpty() {
        DomainDef def = container("");
        def.idmap(new IdMapDef().uid(1, 100000, 10).gid(0, 100000, 10));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, assertThrows(VirtException.class, () -> IdMap.of(def)).code());
        def.idmap(new IdMapDef().uid(0, 100000, 0).gid(0, 100000, 10));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, assertThrows(VirtException.class, () -> IdMap.of(def)).code());
    }
}
