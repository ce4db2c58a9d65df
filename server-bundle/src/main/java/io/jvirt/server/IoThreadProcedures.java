package io.jvirt.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.IoThreadInfo;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.TypedParams;
import io.jvirt.core.kit.rpc.XdrStruct;

/**
 * The I/O thread procedures as libvirtd's remote_daemon_dispatch.c serves them: ids are the
 * wire's unsigned ints, CPU maps little-endian bit arrays (CPU n at bit n%8 of byte n/8).
 */
final class IoThreadProcedures {

    static final int REMOTE_IOTHREAD_INFO_MAX = 16384;

    private IoThreadProcedures() {
    }

    static void register(RemoteDispatcher d) {
        d.read("DOMAIN_GET_IOTHREAD_INFO", IoThreadProcedures::info);
        d.change("DOMAIN_ADD_IOTHREAD", (c, conn, a) -> {
            domain(conn, a).addIoThread(a.getInt("iothread_id"), impact(a, "virDomainAddIOThread"));
            return null;
        });
        d.change("DOMAIN_DEL_IOTHREAD", (c, conn, a) -> {
            domain(conn, a).deleteIoThread(a.getInt("iothread_id"), impact(a, "virDomainDelIOThread"));
            return null;
        });
        d.change("DOMAIN_SET_IOTHREAD_PARAMS", (c, conn, a) -> {
            domain(conn, a).setIoThreadParameters(a.getInt("iothread_id"), TypedParams.fromWire(a.getList("params")),
                impact(a, "virDomainSetIOThreadParams"));
            return null;
        });
        d.change("DOMAIN_PIN_IOTHREAD", (c, conn, a) -> {
            byte[] map = a.getBytes("cpumap");
            if (map.length == 0) {
                throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "maplen in virDomainPinIOThread must be greater than zero");
            }
            domain(conn, a).pinIoThread(a.getInt("iothreads_id"), BitSet.valueOf(map), impact(a, "virDomainPinIOThread"));
            return null;
        });
    }

    /** remoteDispatchDomainGetIOThreadInfo: at most the protocol's count, each map as the driver's set. */
    private static XdrStruct info(ClientSession c, Connection conn, XdrStruct a) {
        List<IoThreadInfo> info = domain(conn, a).ioThreadInfo(impact(a, "virDomainGetIOThreadInfo"));
        if (info.size() > REMOTE_IOTHREAD_INFO_MAX) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC,
                "Too many IOThreads in info: " + info.size() + " for limit " + REMOTE_IOTHREAD_INFO_MAX);
        }
        List<Object> out = new ArrayList<>(info.size());
        for (IoThreadInfo i : info) {
            BitSet cpus = i.cpus();
            // virBitmapToData: the bytes of the map's size, at least one
            byte[] map = Arrays.copyOf(cpus.toByteArray(), Math.max(1, (cpus.length() + 7) / 8));
            out.add(XdrStruct.of("domain_iothread_info", "iothread_id", i.id(), "cpumap", map));
        }
        return XdrStruct.of("ret", "info", out, "ret", info.size());
    }

    private static ModificationImpact[] impact(XdrStruct a, String function) {
        return WireFlags.of(ModificationImpact.class, a.getInt("flags"), function);
    }

    private static Domain domain(Connection conn, XdrStruct args) {
        return conn.lookupByUuid(args.getStruct("dom").getUuid("uuid"));
    }
}
