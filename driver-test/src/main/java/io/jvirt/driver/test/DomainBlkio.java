package io.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.TypedParameter;
import io.jvirt.core.kit.DefinitionImpact;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.TypedParams;
import io.jvirt.core.spi.DomainRef;

/**
 * {@code testDomainGetBlkioParameters} and {@code testDomainSetBlkioParameters}: the {@code <blkiotune>}
 * of one definition (LIVE and CONFIG exclusive), through {@link BlkioTune}.
 */
final class DomainBlkio {

    static final String WEIGHT = "weight";
    private static final int STRING_OKAY = 1 << 2;

    private final TestHost host;

    DomainBlkio(TestHost host) {
        this.host = host;
    }

    /** The weight (UINT), then the five device strings. */
    List<TypedParameter> get(DomainRef ref, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | STRING_OKAY, "testDomainGetBlkioParameters");
        DomainObject<TestRuntime> d = host.dom(ref);
        BlkioTune t = BlkioTune.of(DefinitionImpact.one(d, flags & ~STRING_OKAY).def(d));
        List<TypedParameter> out = new ArrayList<>();
        out.add(TypedParameter.ofUint(WEIGHT, (int) t.weight));
        for (BlkioTune.Kind k : BlkioTune.Kind.values()) {
            out.add(new TypedParameter(k.field, TypedParameter.Type.STRING, t.devicesText(k)));
        }
        return out;
    }

    /**
     * The weight as given; device strings parsed and merged one parameter after the other. As in
     * libvirt, a parameter that fails does not undo those before it: the error is reported after all.
     */
    void set(DomainRef ref, List<TypedParameter> params, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG, "testDomainSetBlkioParameters");
        List<Object> allowed = new ArrayList<>(List.of(WEIGHT, TypedParameter.Type.UINT));
        for (BlkioTune.Kind k : BlkioTune.Kind.values()) {
            allowed.add(k.field);
            allowed.add(TypedParameter.Type.STRING);
        }
        TypedParams.validate(params, allowed.toArray());
        host.domains.run(host.dom(ref), "virDomainSetBlkioParameters", d -> {
            DefinitionImpact impact = DefinitionImpact.one(d, flags);
            RuntimeException[] first = {null};
            impact.apply(d, def -> {
                BlkioTune t = BlkioTune.of(def);
                for (TypedParameter p : params) {
                    if (p.field().equals(WEIGHT)) {
                        t.weight = Integer.toUnsignedLong((Integer) p.value());
                        continue;
                    }
                    BlkioTune.Kind k = BlkioTune.Kind.of(p.field());
                    try {
                        t.merge(k, BlkioTune.parse((String) p.value(), k));
                    } catch (RuntimeException e) {
                        if (first[0] == null) {
                            first[0] = e;
                        }
                    }
                }
                t.writeTo(def);
            });
            if (first[0] != null) {
                throw first[0];
            }
        });
    }
}
