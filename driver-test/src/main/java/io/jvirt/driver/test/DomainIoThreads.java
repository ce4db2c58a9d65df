package io.jvirt.driver.test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.IoThreadInfo;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.ControllerDef;
import io.jvirt.api.domain.CpuSet;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.DefinitionImpact;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.TypedParams;
import io.jvirt.core.spi.DomainRef;

/**
 * The test driver's I/O thread calls with libvirt's checks and words: the threads of one
 * definition (LIVE and CONFIG exclusive), kept in {@code <iothreadids>} and {@code <cputune>}; the
 * polling parameters in the domain's {@link IoThreadPolls}, beside the definition, as libvirt's
 * test driver keeps them (so a thread of the definition without an entry there cannot be tuned:
 * libvirt fails without an error, jvirt with code OK, which virsh prints as such a failure).
 */
final class DomainIoThreads {

    /** {@code VIR_DOMAIN_IOTHREAD_POLL_MAX_NS}, {@code _GROW}, {@code _SHRINK}. */
    static final String POLL_MAX_NS = "poll_max_ns";
    static final String POLL_GROW = "poll_grow";
    static final String POLL_SHRINK = "poll_shrink";

    private final TestHost host;

    DomainIoThreads(TestHost host) {
        this.host = host;
    }

    /**
     * {@code testDomainGetIOThreadInfo}: per thread its pin, else the domain's vCPU cpuset, else
     * as many CPUs as the definition has vCPUs online (libvirt sizes the default map so).
     */
    List<IoThreadInfo> info(DomainRef ref, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG, "testDomainGetIOThreadInfo");
        DomainObject<TestRuntime> d = host.dom(ref);
        DomainDef def = DefinitionImpact.one(d, flags).def(d);
        BitSet domainMask = def.vcpu() != null && def.vcpu().cpuset() != null ? CpuSet.parse(def.vcpu().cpuset()) : null;
        BitSet all = new BitSet();
        all.set(0, Math.max(def.currentVcpus(), 0));
        List<IoThreadInfo> out = new ArrayList<>();
        for (int id : IoThreadIds.ids(def)) {
            BitSet pin = IoThreadPins.pin(def, id);
            out.add(new IoThreadInfo(id, pin != null ? pin : domainMask != null ? domainMask : all));
        }
        return out;
    }

    /** {@code testDomainAddIOThread}: into the one definition chosen, and a polling entry. */
    void add(DomainRef ref, int id, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG, "testDomainAddIOThread");
        nonZero(id);
        host.domains.run(host.dom(ref), "virDomainAddIOThread", d -> {
            DefinitionImpact impact = DefinitionImpact.one(d, flags);
            if (IoThreadIds.has(impact.def(d), id)) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                    "an IOThread is already using iothread_id '" + Integer.toUnsignedString(id) + "'");
            }
            impact.apply(d, def -> IoThreadIds.add(def, id));
            d.runtime().ioThreadPolls().add(id);
        });
    }

    /** {@code testDomainDelIOThread}: virDomainDriverDelIOThreadCheck's refusals, then out of both places. */
    void delete(DomainRef ref, int id, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG, "testDomainDelIOThread");
        nonZero(id);
        host.domains.run(host.dom(ref), "virDomainDelIOThread", d -> {
            DefinitionImpact impact = DefinitionImpact.one(d, flags);
            DomainDef def = impact.def(d);
            String unsigned = Integer.toUnsignedString(id);
            if (!IoThreadIds.has(def, id)) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                    "cannot find IOThread '" + unsigned + "' in iothreadids list");
            }
            for (DiskDef disk : def.disks()) {
                if (unsigned.equals(trim(disk.driverAttrs().get("iothread")))) {
                    throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                        "cannot remove IOThread " + unsigned + " since it is being used by disk '" + disk.targetDev() + "'");
                }
            }
            for (ControllerDef c : def.devices(ControllerDef.class)) {
                if (c.driver() != null && unsigned.equals(trim(c.driver().attributes().get("iothread")))) {
                    throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                        "cannot remove IOThread '" + unsigned + "' since it is being used by controller");
                }
            }
            impact.apply(d, changed -> IoThreadIds.remove(changed, id));
            d.runtime().ioThreadPolls().remove(id);
        });
    }

    /**
     * {@code testDomainSetIOThreadParams}: only the live flag, the three polling parameters; the
     * thread must be in the definition and have a polling entry.
     */
    void setParams(DomainRef ref, int id, List<TypedParameter> params, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE, "testDomainSetIOThreadParams");
        TypedParams.validate(params, POLL_MAX_NS, TypedParameter.Type.ULLONG, POLL_GROW, TypedParameter.Type.UINT,
            POLL_SHRINK, TypedParameter.Type.UINT);
        host.domains.run(host.dom(ref), "virDomainSetIOThreadParams", d -> {
            DomainDef def = DefinitionImpact.one(d, flags).def(d);
            if (!IoThreadIds.has(def, id)) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                    "cannot find IOThread '" + Integer.toUnsignedString(id) + "' in iothreadids");
            }
            IoThreadPolls polls = d.runtime().ioThreadPolls();
            synchronized (polls) {
                IoThreadPolls.Entry e = polls.find(id);
                if (e == null) {
                    // libvirt's test driver fails here without reporting an error: no code, virsh's words for that
                    throw VirtException.verbatim(ErrorCode.OK, ErrorDomain.NONE, "An error occurred, but the cause is unknown");
                }
                for (TypedParameter p : params) {
                    switch (p.field()) {
                        case POLL_MAX_NS -> e.pollMaxNs = (Long) p.value();
                        case POLL_GROW -> e.pollGrow = (Integer) p.value();
                        default -> e.pollShrink = (Integer) p.value();
                    }
                }
            }
        });
    }

    /** {@code testDomainPinIOThread}: the pin of a thread of the one definition chosen. */
    void pin(DomainRef ref, int id, BitSet cpus, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG, "testDomainPinIOThread");
        host.domains.run(host.dom(ref), "virDomainPinIOThread", d -> {
            DefinitionImpact impact = DefinitionImpact.one(d, flags);
            if (!IoThreadIds.has(impact.def(d), id)) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                    "iothreadid " + Integer.toUnsignedString(id) + " not found");
            }
            impact.apply(d, def -> IoThreadPins.set(def, id, cpus));
        });
    }

    private static void nonZero(int id) {
        if (id == 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST, "invalid value of 0 for iothread_id");
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
