package io.jvirt.driver.test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import io.jvirt.api.DomainControlInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.SchedulerType;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CpuSet;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.core.kit.DefinitionImpact;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.TypedParams;
import io.jvirt.core.spi.DomainRef;

/**
 * The test driver's tuning calls with its checks and words (libvirt's test_driver.c): control
 * info, vCPU counts, vCPU pinning (kept as {@code <cputune><vcpupin>} of the live definition, where
 * libvirt keeps a vCPU's cpumask) and the made-up "fair" scheduler.
 */
final class DomainTuning {

    /** {@code VIR_DOMAIN_SCHEDULER_WEIGHT}. */
    static final String SCHEDULER_WEIGHT = "weight";
    /** testDomainGetSchedulerParametersFlags answers this weight whatever was set ("XXX" in libvirt). */
    private static final int WEIGHT = 50;

    private final TestHost host;

    DomainTuning(TestHost host) {
        this.host = host;
    }

    /**
     * {@code testDomainGetControlInfo}: libvirt derives a made-up state from the guest time it keeps
     * per domain (set by virDomainSetTime); jvirt's test driver has no settable guest time, and
     * libvirt's initial time (627319920 s) maps to OK, so a running domain is always ready.
     */
    DomainControlInfo controlInfo(DomainRef ref, int flags) {
        Flags.check(flags, 0, "testDomainGetControlInfo");
        DomainObject<TestRuntime> d = host.dom(ref);
        d.requireActive();
        return DomainControlInfo.READY;
    }

    /** {@code testDomainGetVcpusFlags}: the one definition the flags choose, current or maximum count. */
    int vcpuCount(DomainRef ref, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | Flags.MAXIMUM, "testDomainGetVcpusFlags");
        DomainObject<TestRuntime> d = host.dom(ref);
        DomainDef def = DefinitionImpact.one(d, flags).def(d);
        return (flags & Flags.MAXIMUM) != 0 ? def.vcpus() : def.currentVcpus();
    }

    /** {@code testDomainGetMaxVcpus}: the live maximum. */
    int maxVcpus(DomainRef ref) {
        return vcpuCount(ref, Flags.AFFECT_LIVE | Flags.MAXIMUM);
    }

    /** {@code testDomainPinVcpuFlags}: no flags; a running domain's online vCPU, in its live definition. */
    void pinVcpu(DomainRef ref, int vcpu, BitSet cpus, int flags) {
        Flags.check(flags, 0, "testDomainPinVcpuFlags");
        host.domains.run(host.dom(ref), "virDomainPinVcpuFlags", d -> {
            if (!d.isActive()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST, "cannot pin vcpus on an inactive domain");
            }
            if (vcpu < 0 || vcpu >= d.def().currentVcpus()) {
                // virDomainDefGetVcpu: no such vCPU, or it is offline (the first "current" ones are online)
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                    "requested vcpu '" + vcpu + "' is not present in the domain");
            }
            new DefinitionImpact(true, false).apply(d, def -> setPin(def, vcpu, cpus));
        });
    }

    /** {@code testDomainGetVcpuPinInfo}: per vCPU its pin, else the domain's cpuset, else every host CPU. */
    List<BitSet> vcpuPinInfo(DomainRef ref, int flags) {
        DomainObject<TestRuntime> d = host.dom(ref);
        DomainDef def = DefinitionImpact.one(d, flags).def(d);
        int hostCpus = host.node.nodes() * host.node.sockets() * host.node.cores() * host.node.threads();
        BitSet all = new BitSet();
        all.set(0, hostCpus);
        BitSet domainMask = def.vcpu() != null && def.vcpu().cpuset() != null ? CpuSet.parse(def.vcpu().cpuset()) : null;
        List<BitSet> out = new ArrayList<>();
        for (int i = 0; i < def.vcpus(); i++) {
            BitSet pin = pin(def, i);
            BitSet set = (BitSet) (pin != null ? pin : domainMask != null ? domainMask : all).clone();
            // virBitmapToDataBuf into a map of the host's size: CPUs beyond it are cut off
            set.clear(hostCpus, Math.max(hostCpus, set.length()));
            out.add(set);
        }
        return out;
    }

    /** {@code testDomainGetSchedulerType}: "fair" with one parameter for every domain. */
    SchedulerType schedulerType(DomainRef ref) {
        host.dom(ref);
        return new SchedulerType("fair", 1);
    }

    /** {@code testDomainGetSchedulerParametersFlags}: no flags; the weight, always 50. */
    List<TypedParameter> schedulerParameters(DomainRef ref, int flags) {
        Flags.check(flags, 0, "testDomainGetSchedulerParametersFlags");
        host.dom(ref);
        return List.of(TypedParameter.ofUint(SCHEDULER_WEIGHT, WEIGHT));
    }

    /**
     * {@code testDomainSetSchedulerParametersFlags}: no flags; only a UINT weight is accepted
     * (virTypedParamsValidate) and, as in libvirt, not remembered.
     */
    void setSchedulerParameters(DomainRef ref, List<TypedParameter> params, int flags) {
        Flags.check(flags, 0, "testDomainSetSchedulerParametersFlags");
        TypedParams.validate(params, SCHEDULER_WEIGHT, TypedParameter.Type.UINT);
        host.dom(ref);
    }

    // ---------- <cputune><vcpupin vcpu='N' cpuset='...'/> of a definition ----------

    private static BitSet pin(DomainDef def, int vcpu) {
        XmlElement cputune = def.kept("cputune");
        if (cputune == null) {
            return null;
        }
        for (XmlElement c : cputune.children()) {
            if (c.name().equals("vcpupin") && String.valueOf(vcpu).equals(c.attributes().get("vcpu"))) {
                return CpuSet.parse(c.attributes().get("cpuset"));
            }
        }
        return null;
    }

    private static void setPin(DomainDef def, int vcpu, BitSet cpus) {
        XmlElement cputune = def.kept("cputune");
        if (cputune == null) {
            cputune = new XmlElement("cputune");
            def.kept().add(cputune);
        }
        List<XmlElement> children = cputune.children();
        children.removeIf(c -> c.name().equals("vcpupin") && String.valueOf(vcpu).equals(c.attributes().get("vcpu")));
        // libvirt formats the vcpupins in vCPU order, first in <cputune>
        int at = 0;
        while (at < children.size() && children.get(at).name().equals("vcpupin")
            && Integer.parseInt(children.get(at).attributes().get("vcpu")) < vcpu) {
            at++;
        }
        children.add(at, new XmlElement("vcpupin").attr("vcpu", String.valueOf(vcpu)).attr("cpuset", CpuSet.format(cpus)));
    }
}
