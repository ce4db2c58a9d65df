package io.jvirt.driver.remote;

import static io.jvirt.driver.remote.HostileDaemon.against;
import static io.jvirt.driver.remote.HostileDaemon.build;
import static io.jvirt.driver.remote.HostileDaemon.rpcError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * A hostile far side's replies to the statistics, tuning and checkpoint calls: counts past what
 * was asked, sizes past the protocol's caps, values no enum has. Each is a VirtException with
 * libvirt's code (VIR_ERR_RPC as remote_driver.c reports such replies), never another exception
 * and never an allocation of what the reply claims.
 */
class RemoteHostileTuningTest {

    @TempDir
    Path tmp;

    /** vCPU count 2 (DOMAIN_GET_VCPUS_FLAGS), CPU map of 8 and node info of 8 CPUs. */
    private static Map<Integer, byte[]> pinSizes(byte[] pinInfo) {
        return Map.of(200, ScriptedPeer.ints(2),
            293, build(x -> x.o(new byte[0]).i(0, 8)),
            // char model[32] is 32 XDR chars of 4 bytes each
            6, build(x -> x.i(new int[32]).h(1024).i(8, 1000, 1, 1, 8, 1)),
            230, pinInfo);
    }

    @Test
    void morePinMapsThanAskedFor() throws Exception {
        against(tmp, pinSizes(build(x -> x.o(new byte[2]).i(5))),
            d -> rpcError(d::vcpuPinInfo, "host reports too many vCPUs: 5 > 2"));
    }

    @Test
    void aLongerPinBufferThanAskedFor() throws Exception {
        against(tmp, pinSizes(build(x -> x.o(new byte[64]).i(2))),
            d -> rpcError(d::vcpuPinInfo, "host reports map buffer length exceeds maximum: 64 > 2"));
    }

    @Test
    void aPinBufferClaimingMoreThanTheProtocolsCapIsNotAllocated() throws Exception {
        // opaque<REMOTE_CPUMAPS_MAX>: a length of 2^31-1 bytes and nothing behind it
        against(tmp, pinSizes(build(x -> x.i(Integer.MAX_VALUE))), d -> rpcError(d::vcpuPinInfo, "decode"));
    }

    @Test
    void aHugeVcpuCountIsRefusedBeforeTheCall() throws Exception {
        Map<Integer, byte[]> r = new HashMap<>(pinSizes(new byte[0]));
        r.put(200, ScriptedPeer.ints(1_000_000));
        against(tmp, r, d -> rpcError(d::vcpuPinInfo, "vCPU map buffer length exceeds maximum: 1000000 > 16384"));
    }

    @Test
    void moreMemoryStatsThanTheProtocolAllows() throws Exception {
        against(tmp, Map.of(159, ScriptedPeer.ints(100_000)), d -> rpcError(d::memoryStats, "decode"));
    }

    @Test
    void moreMemoryStatsThanAskedForAndUnknownOrRepeatedTags() throws Exception {
        against(tmp, Map.of(159, build(x -> {
            x.i(20);
            for (int i = 0; i < 20; i++) {
                x.i(0).h(1);
            }
        })), d -> rpcError(d::memoryStats, "host reports too many memory statistics: 20 > "));
        against(tmp, Map.of(159, build(x -> x.i(4).i(6).h(100).i(6).h(200).i(999).h(1).i(7).h(-1))), d -> {
            assertEquals(1, d.memoryStats().size());
            assertEquals(100, d.memoryStats().get(io.jvirt.api.MemoryStatTag.ACTUAL_BALLOON).getAsLong());
        });
    }

    /** remote_node_get_cpu_stats_ret / _memory_stats_ret: params (field, value) then nparams. */
    private static byte[] stats(int nparams, String... fields) {
        return build(x -> {
            x.i(fields.length);
            for (String f : fields) {
                x.s(f).h(1);
            }
            x.i(nparams);
        });
    }

    @Test
    void nodeStatisticsPastWhatWasAskedOrTheProtocolsCap() throws Exception {
        // a count past REMOTE_NODE_CPU_STATS_MAX is refused before asking for that many
        against(tmp, Map.of(227, stats(99)), d -> rpcError(() -> d.connection().nodeCpuStats(-1),
            "remoteNodeGetCPUStats: returned number of stats exceeds limit"));
        // two said, three sent
        against(tmp, Map.of(228, stats(2, "total", "free", "cached")), d -> rpcError(() -> d.connection().nodeMemoryStats(-1),
            "remoteNodeGetMemoryStats: returned number of stats exceeds limit"));
        // more than the protocol's 16 cannot be decoded
        against(tmp, Map.of(227, stats(17, java.util.Collections.nCopies(17, "user").toArray(new String[0]))), d -> rpcError(() -> d.connection().nodeCpuStats(-1), "decode"));
        against(tmp, Map.of(227, stats(1, "user")), d -> assertEquals(java.util.List.of(new io.jvirt.api.NodeStat("user", 1)),
            d.connection().nodeCpuStats(0)));
        // a field longer than libvirt's 80-byte field (virStrcpyStatic's refusal)
        VirtException e = assertThrows(VirtException.class, () -> against(tmp, Map.of(227, stats(1, "u".repeat(80))),
            d -> d.connection().nodeCpuStats(0)));
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertTrue(e.getMessage().contains("too big for destination"), e.getMessage());
    }

    @Test
    void moreCellsThanAskedForOrNoFreeMemory() throws Exception {
        against(tmp, Map.of(101, build(x -> x.i(3).h(1).h(2).h(3))), d -> rpcError(() -> d.connection().nodeCellsFreeMemory(0, 2),
            "returned number of cells exceeds limit"));
        against(tmp, Map.of(101, build(x -> x.i(2).h(1).h(2))),
            d -> assertEquals(java.util.List.of(1L, 2L), d.connection().nodeCellsFreeMemory(0, 2)));
        // a far side answering 0 free bytes: virNodeGetFreeMemory's failure without a cause
        against(tmp, Map.of(102, build(x -> x.h(0))), d -> {
            VirtException e = assertThrows(VirtException.class, () -> d.connection().nodeFreeMemory());
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        });
    }

    @Test
    void anImpossibleCpuMapOrControlState() throws Exception {
        against(tmp, Map.of(293, build(x -> x.o(new byte[] {(byte) 0xff, (byte) 0xff}).i(16, -1))),
            d -> rpcError(() -> d.connection().nodeCpuMap(), "impossible number of CPUs"));
        against(tmp, Map.of(293, build(x -> x.o(new byte[] {(byte) 0xff, (byte) 0xff}).i(16, 4))),
            d -> assertEquals(4, d.connection().nodeCpuMap().onlineCount()));
        against(tmp, Map.of(229, build(x -> x.i(99, 0).h(0))), d -> rpcError(d::controlInfo, "unknown control state 99"));
    }

    @Test
    void typedParametersOfNoTypeOrTooLongANameAreRefused() throws Exception {
        against(tmp, Map.of(57, build(x -> x.i(1).s("weight").i(9, 1))), d -> rpcError(d::schedulerParameters, "decode"));
        String longName = "w".repeat(200);
        against(tmp, Map.of(57, build(x -> x.i(1).s(longName).i(2, 1))), d -> {
            VirtException e = assertThrows(VirtException.class, d::schedulerParameters);
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
            assertTrue(e.getMessage().contains("too big for destination"), e.getMessage());
        });
        against(tmp, Map.of(57, build(x -> x.i(17))), d -> rpcError(d::schedulerParameters, "decode"));
    }

    @Test
    void aCheckpointListingWhoseCountIsNotItsLength() throws Exception {
        against(tmp, Map.of(413, build(x -> x.i(0, 5))), d -> rpcError(d::listAllCheckpoints, "host reports 5 checkpoints but sends 0"));
        against(tmp, Map.of(413, build(x -> x.i(100_000))), d -> rpcError(d::listAllCheckpoints, "decode"));
    }

    @Test
    void aSnapshotListingWhoseCountIsNotItsLength() throws Exception {
        against(tmp, Map.of(274, build(x -> x.i(0, 3))), d -> rpcError(d::listAllSnapshots, "host reports 3 snapshots but sends 0"));
        // more snapshots than REMOTE_DOMAIN_SNAPSHOT_LIST_MAX: refused by the codec before anything is allocated
        against(tmp, Map.of(274, build(x -> x.i(100_000))), d -> rpcError(d::listAllSnapshots, "decode"));
    }
}
