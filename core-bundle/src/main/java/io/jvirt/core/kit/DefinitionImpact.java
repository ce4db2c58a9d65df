package io.jvirt.core.kit;

import java.util.function.Consumer;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;

/**
 * Which definitions of a domain a change with LIVE/CONFIG/CURRENT flags touches, resolved with
 * libvirt's {@code virDomainObjUpdateModificationImpact} checks and words, and copy-on-write
 * installation of the changed definitions (readers without the job always see a whole definition).
 * Every driver that changes definitions in place (setmem, setvcpus, device changes, metadata) needs
 * exactly this, so it lives here once.
 *
 * @param live   the live definition of a running domain is changed
 * @param config the persistent definition is changed
 */
public record DefinitionImpact(boolean live, boolean config) {

    private static final int LIVE = ModificationImpact.LIVE.bit();
    private static final int CONFIG = ModificationImpact.CONFIG.bit();

    /** libvirt's {@code virDomainObjGetDefs}: LIVE and CONFIG together are allowed. Caller holds the job. */
    public static DefinitionImpact of(DomainObject<?> d, int flags) {
        boolean live = (flags & LIVE) != 0;
        boolean config = (flags & CONFIG) != 0;
        if (!live && !config) {
            live = d.isActive();
            config = !live;
        }
        if (live && !d.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
        if (config && !d.isPersistent()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "transient domains do not have any persistent config");
        }
        // an inactive domain has one definition: "live" never applies to it
        return new DefinitionImpact(live && d.isActive(), config);
    }

    /** libvirt's {@code virDomainObjGetOneDefState}: exactly one of LIVE and CONFIG. */
    public static DefinitionImpact one(DomainObject<?> d, int flags) {
        if ((flags & LIVE) != 0 && (flags & CONFIG) != 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        }
        return of(d, flags);
    }

    /** The one definition {@link #one} chose. */
    public DomainDef def(DomainObject<?> d) {
        return live ? d.def() : d.persistentDef();
    }

    /**
     * Applies {@code change} to copies of the chosen definitions, then installs them. Nothing is
     * installed when {@code change} throws for either definition.
     *
     * @return whether the persistent definition of a running domain was changed (it is then kept
     *         aside as the domain's next definition, and {@link DomainObject#isUpdated()} is set)
     */
    public boolean apply(DomainObject<?> d, Consumer<DomainDef> change) {
        DomainDef liveCopy = live ? d.def().copy() : null;
        DomainDef configCopy = config ? d.persistentDef().copy() : null;
        if (liveCopy != null) {
            change.accept(liveCopy);
        }
        if (configCopy != null) {
            change.accept(configCopy);
        }
        if (liveCopy != null) {
            d.setDef(liveCopy);
        }
        if (configCopy == null) {
            return false;
        }
        if (d.isActive()) {
            d.setNewDef(configCopy);
            d.setUpdated(true);
            return true;
        }
        d.setDef(configCopy);
        return false;
    }
}
