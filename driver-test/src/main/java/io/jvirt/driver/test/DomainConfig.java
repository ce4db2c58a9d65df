package io.jvirt.driver.test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.MetadataType;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.kit.DefinitionImpact;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * Changes to a domain's definitions with libvirt's LIVE/CONFIG semantics: memory, vCPUs, metadata
 * and autostart, with the test driver's checks and words.
 */
final class DomainConfig {

    private final TestHost host;

    DomainConfig(TestHost host) {
        this.host = host;
    }

    /** {@code testDomainSetMemoryFlags}: the current memory, or with MAXIMUM the initial memory. */
    void setMemory(DomainRef ref, long kib, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | Flags.MAXIMUM, "testDomainSetMemoryFlags");
        host.domains.run(host.dom(ref), "virDomainSetMemoryFlags", d -> {
            DefinitionImpact impact = DefinitionImpact.one(d, flags);
            DomainDef def = impact.def(d);
            if ((flags & Flags.MAXIMUM) != 0) {
                if (impact.live()) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                        "cannot resize the maximum memory on an active domain");
                }
                Long max = def.memory().maxMemoryKiB();
                if (max != null && max > 0 && max < kib) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                        "cannot set initial memory size greater than the maximum memory size");
                }
                impact.apply(d, x -> {
                    x.memoryKiB(kib);
                    if (x.currentMemoryKiB() > kib) {
                        x.currentMemoryKiB(kib);
                    }
                });
                return;
            }
            if (kib > def.memoryKiB()) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST, "cannot set memory higher than max memory");
            }
            impact.apply(d, x -> x.currentMemoryKiB(kib));
        });
    }

    /** {@code testDomainSetVcpusFlags}: the online vCPUs, or with MAXIMUM the persistent maximum. */
    void setVcpus(DomainRef ref, int count, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG | Flags.MAXIMUM, "testDomainSetVcpusFlags");
        if (count > TestDefaults.MAX_VCPUS) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                "requested cpu amount exceeds maximum supported amount (" + count + " > " + TestDefaults.MAX_VCPUS + ")");
        }
        boolean maximum = (flags & Flags.MAXIMUM) != 0;
        host.domains.run(host.dom(ref), "virDomainSetVcpusFlags", d -> {
            DefinitionImpact impact = DefinitionImpact.of(d, flags);
            if (impact.live() && d.def().vcpus() < count) {
                throw exceeds(count, d.def().vcpus());
            }
            DomainDef persistent = d.persistentDef();
            if (impact.config() && !maximum && persistent.vcpus() < count) {
                throw exceeds(count, persistent.vcpus());
            }
            if (impact.live()) {
                new DefinitionImpact(true, false).apply(d, x -> x.currentVcpus(count));
            }
            if (impact.config()) {
                new DefinitionImpact(false, true).apply(d, x -> {
                    if (maximum) {
                        // virDomainDefSetVcpusMax: vCPUs above the new maximum go offline
                        x.currentVcpus(Math.min(x.currentVcpus(), count));
                        x.vcpus(count);
                    } else {
                        x.currentVcpus(count);
                    }
                });
            }
        });
    }

    private static VirtException exceeds(int count, int max) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
            "requested cpu amount exceeds maximum (" + count + " > " + max + ")");
    }

    /** {@code virDomainObjGetMetadata}: the title, the description, or the element of namespace {@code uri}. */
    String metadata(DomainRef ref, int type, String uri, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG, "testDomainGetMetadata");
        MetadataType t = metadataType(type);
        DomainObject<TestRuntime> d = host.dom(ref);
        DomainDef def = DefinitionImpact.one(d, flags).def(d);
        String value = switch (t) {
            case TITLE -> def.title();
            case DESCRIPTION -> def.description();
            case ELEMENT -> io.jvirt.api.domain.DomainMetadata.element(def, uri);
        };
        if (value == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_METADATA, ErrorDomain.DOMAIN, "Requested metadata element is not present");
        }
        return value;
    }

    /**
     * {@code virDomainObjSetMetadata}: the title or the description (empty or null removes), or the
     * element of namespace {@code uri} with prefix {@code key} (null removes).
     */
    void setMetadata(DomainRef ref, int type, String value, String key, String uri, int flags) {
        Flags.check(flags, Flags.AFFECT_LIVE | Flags.AFFECT_CONFIG, "testDomainSetMetadata");
        MetadataType t = metadataType(type);
        if (t == MetadataType.ELEMENT) {
            host.domains.run(host.dom(ref), "virDomainSetMetadata", d -> DefinitionImpact.of(d, flags).apply(d,
                def -> io.jvirt.api.domain.DomainMetadata.setElement(def, value, key, uri)));
            return;
        }
        String v = value == null || value.isEmpty() ? null : value;
        if (t == MetadataType.TITLE && v != null && v.indexOf('\n') >= 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "Domain title can't contain newlines");
        }
        host.domains.run(host.dom(ref), "virDomainSetMetadata", d -> DefinitionImpact.of(d, flags).apply(d, def -> {
            if (t == MetadataType.TITLE) {
                def.title(v);
            } else {
                def.description(v);
            }
        }));
    }

    private static MetadataType metadataType(int type) {
        if (type < 0 || type >= MetadataType.values().length) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "unknown metadata type '" + type + "'");
        }
        return MetadataType.values()[type];
    }

    /** {@code testDomainSetAutostart}: only remembered (the test driver starts nothing by itself). */
    void setAutostart(DomainRef ref, boolean autostart) {
        host.domains.run(host.dom(ref), "virDomainSetAutostart", d -> d.setAutostart(autostart));
    }
}
