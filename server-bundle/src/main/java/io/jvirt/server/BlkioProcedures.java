package io.jvirt.server;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.TypedParams;
import io.jvirt.core.kit.rpc.XdrStruct;

/**
 * DOMAIN_GET_BLKIO_PARAMETERS and DOMAIN_SET_BLKIO_PARAMETERS as libvirtd serves them: a client
 * asking for no parameter learns how many there are; string parameters only to a client that
 * takes them (VIR_TYPED_PARAM_STRING_OKAY).
 */
final class BlkioProcedures {

    static final int REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX = 16;
    private static final int STRING_OKAY = 1 << 2;

    private BlkioProcedures() {
    }

    static void register(RemoteDispatcher d) {
        d.read("DOMAIN_GET_BLKIO_PARAMETERS", BlkioProcedures::get);
        d.change("DOMAIN_SET_BLKIO_PARAMETERS", (c, conn, a) -> {
            domain(conn, a).setBlkioParameters(TypedParams.fromWire(a.getList("params")),
                WireFlags.of(ModificationImpact.class, a.getInt("flags") & ~STRING_OKAY, "virDomainSetBlkioParameters"));
            return null;
        });
    }

    private static XdrStruct get(ClientSession c, Connection conn, XdrStruct a) {
        int nparams = a.getInt("nparams");
        int flags = a.getInt("flags");
        if (nparams > REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "nparams too large");
        }
        if (nparams < 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "nparams in virDomainGetBlkioParameters must be non-negative");
        }
        ModificationImpact[] impact = WireFlags.of(ModificationImpact.class, flags & ~STRING_OKAY, "virDomainGetBlkioParameters");
        List<TypedParameter> params;
        try {
            params = domain(conn, a).blkioParameters(impact);
        } catch (VirtException e) {
            if (nparams == 0 && e.code() == ErrorCode.OPERATION_INVALID) {
                // a driver counts its parameters without looking at the domain (libvirt's test driver
                // answers 6 for any): the count is the protocol's room, the next call gives the error
                return XdrStruct.of("ret", "params", List.of(), "nparams", REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX);
            }
            throw e;
        }
        if (nparams == 0) {
            return XdrStruct.of("ret", "params", List.of(), "nparams", params.size());
        }
        List<TypedParameter> sent = new ArrayList<>();
        for (TypedParameter p : params.subList(0, Math.min(nparams, params.size()))) {
            if (p.type() != TypedParameter.Type.STRING || (flags & STRING_OKAY) != 0) {
                sent.add(p);
            }
        }
        return XdrStruct.of("ret", "params", TypedParams.toWire(sent), "nparams", 0);
    }

    private static Domain domain(Connection conn, XdrStruct args) {
        return conn.lookupByUuid(args.getStruct("dom").getUuid("uuid"));
    }
}
