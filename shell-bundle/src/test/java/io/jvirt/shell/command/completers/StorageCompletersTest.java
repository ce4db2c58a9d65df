package io.jvirt.shell.command.completers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.StoragePoolListFilter;

class StorageCompletersTest {

    @Test
    void eachCommandCompletesThePoolsItAccepts() {
        StoragePoolListFilter[] active = {StoragePoolListFilter.ACTIVE};
        assertArrayEquals(new StoragePoolListFilter[] {StoragePoolListFilter.INACTIVE}, StoragePoolCompleter.forCommand("virt:pool-start"));
        assertArrayEquals(new StoragePoolListFilter[] {StoragePoolListFilter.INACTIVE}, StoragePoolCompleter.forCommand("pool-delete"));
        assertArrayEquals(active, StoragePoolCompleter.forCommand("virt:pool-destroy"));
        assertArrayEquals(active, StoragePoolCompleter.forCommand("virt:pool-refresh"));
        assertArrayEquals(active, StoragePoolCompleter.forCommand("virt:vol-list"));
        assertArrayEquals(active, StoragePoolCompleter.forCommand("virt:vol-create-as"));
        assertArrayEquals(new StoragePoolListFilter[] {StoragePoolListFilter.PERSISTENT}, StoragePoolCompleter.forCommand("virt:pool-undefine"));
        assertArrayEquals(new StoragePoolListFilter[] {StoragePoolListFilter.PERSISTENT}, StoragePoolCompleter.forCommand("virt:pool-autostart"));
        assertArrayEquals(new StoragePoolListFilter[0], StoragePoolCompleter.forCommand("virt:pool-info"));
        assertArrayEquals(new StoragePoolListFilter[0], StoragePoolCompleter.forCommand(""));
    }

    @Test
    void volumesAreCompletedFromThePoolNamed() {
        assertEquals("default-pool", StorageVolCompleter.poolOf(new String[] {"vol-info", "--pool", "default-pool", "v"}));
        assertEquals("p", StorageVolCompleter.poolOf(new String[] {"vol-info", "--pool=p"}));
        assertNull(StorageVolCompleter.poolOf(new String[] {"vol-info", "v"}));
        assertEquals(List.of("zero", "nnsa", "dod", "bsi", "gutmann", "schneier", "pfitzner7", "pfitzner33", "random", "trim"),
            WipeAlgorithmCompleter.names());
        assertEquals(List.of("dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd",
            "sheepdog", "gluster", "zfs", "vstorage"), PoolTypeCompleter.names());
    }
}
