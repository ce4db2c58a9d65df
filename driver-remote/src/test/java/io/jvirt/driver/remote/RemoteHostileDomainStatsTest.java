package io.jvirt.driver.remote;

import static io.jvirt.driver.remote.HostileDaemon.UUID_X;
import static io.jvirt.driver.remote.HostileDaemon.against;
import static io.jvirt.driver.remote.HostileDaemon.build;
import static io.jvirt.driver.remote.HostileDaemon.rpcError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile far side's replies to the domain statistics, I/O thread, blkio and CPU statistics
 * calls: counts past the protocol's caps or past what was asked, strides that do not divide.
 * Each is a VirtException with libvirt's code (VIR_ERR_RPC), never another exception and never an
 * allocation of what the reply claims.
 */
class RemoteHostileDomainStatsTest {

    @TempDir
    Path tmp;

    @Test
    void moreStatsRecordsThanTheProtocolAllows() throws Exception {
        against(tmp, Map.of(344, ScriptedPeer.ints(100_000)),
            d -> rpcError(() -> d.connection().allDomainStats(java.util.Set.of()), "decode"));
    }

    @Test
    void aStatsRecordWithMoreParametersThanTheProtocolAllows() throws Exception {
        against(tmp, Map.of(344, build(x -> x.i(1).s("x").uuid(UUID_X).i(1).i(5000))),
            d -> rpcError(() -> d.connection().allDomainStats(java.util.Set.of()), "decode"));
    }

    @Test
    void aStatsRecordIsReadBack() throws Exception {
        against(tmp, Map.of(344, build(x -> x.i(1).s("x").uuid(UUID_X).i(1).i(1).s("state.state").i(1, 1))), d -> {
            var r = d.connection().allDomainStats(java.util.Set.of());
            assertEquals(1, r.size());
            assertEquals("x", r.get(0).domain().name());
            assertEquals(java.util.List.of(new io.jvirt.api.TypedParameter("state.state", io.jvirt.api.TypedParameter.Type.INT, 1)),
                r.get(0).params());
        });
    }

    @Test
    void moreIoThreadsThanTheProtocolAllowsOrALongerMap() throws Exception {
        against(tmp, Map.of(351, ScriptedPeer.ints(20_000)), d -> rpcError(d::ioThreadInfo, "decode"));
        against(tmp, Map.of(351, build(x -> x.i(1).i(1).i(4096))), d -> rpcError(d::ioThreadInfo, "decode"));
    }

    @Test
    void aBlkioCountPastTheProtocolsCapOrMoreParametersThanCounted() throws Exception {
        against(tmp, Map.of(206, build(x -> x.i(0).i(1000))), d -> rpcError(d::blkioParameters, "more than the protocol's 16"));
        against(tmp, Map.of(206, build(x -> x.i(0).i(-3))), d -> rpcError(d::blkioParameters, "more than the protocol's 16"));
    }

    @Test
    void cpuStatisticsCountsAndStridesAreChecked() throws Exception {
        // the count of the total's parameters past the protocol's cap
        against(tmp, Map.of(262, build(x -> x.i(0).i(99))), d -> rpcError(d::cpuStatsTotal, "more than the protocol's 16"));
        // more values than the 2 per CPU asked for
        against(tmp, Map.of(262, build(x -> {
            x.i(3);
            for (int i = 0; i < 3; i++) {
                x.s("cpu_time").i(4).h(1);
            }
            x.i(2);
        })), d -> rpcError(() -> d.cpuStats(0, 1), "returned number of stats exceeds limit"));
        // a negative CPU count
        against(tmp, Map.of(262, build(x -> x.i(0).i(-1))), d -> rpcError(d::cpuStatsCpuCount, "negative number of CPUs"));
    }
}
