package io.jvirt.driver.test;

import java.util.function.Consumer;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.core.spi.DomainObject;

/**
 * Which definitions a change with LIVE/CONFIG/CURRENT flags touches, resolved with libvirt's
 * {@code virDomainObjUpdateModificationImpact} checks and words, and copy-on-write installation of
 * the changed definitions (readers without the job always see a whole definition).
 *
 * @param live   the live definition of a running domain is changed
 * @param config the persistent definition is changed
 */
record Impact(boolean live, boolean config) {

    /** libvirt's {@code virDomainObjGetDefs}: LIVE and CONFIG together are allowed. */
    static Impact of(DomainObject<TestRuntime> d, int flags) {
        boolean live = (flags & Flags.AFFECT_LIVE) != 0;
        boolean config = (flags & Flags.AFFECT_CONFIG) != 0;
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
        return new Impact(live && d.isActive(), config);
    }

    /** libvirt's {@code virDomainObjGetOneDefState}: exactly one of LIVE and CONFIG. */
    static Impact one(DomainObject<TestRuntime> d, int flags) {
        if ((flags & Flags.AFFECT_LIVE) != 0 && (flags & Flags.AFFECT_CONFIG) != 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        }
        return of(d, flags);
    }

    /** The one definition {@link #one} chose. */
    DomainDef def(DomainObject<TestRuntime> d) {
        return live ? d.def() : d.persistentDef();
    }

    /**
     * Applies {@code change} to copies of the chosen definitions, then installs them; a change to the
     * persistent definition of a running domain marks it updated ({@code virDomainIsUpdated}).
     * Nothing is installed when {@code change} throws for either definition.
     */
    void apply(DomainObject<TestRuntime> d, Consumer<DomainDef> change) {
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
        if (configCopy != null) {
            if (d.isActive()) {
                d.setNewDef(configCopy);
                d.runtime().markUpdated();
            } else {
                d.setDef(configCopy);
            }
        }
    }
}
