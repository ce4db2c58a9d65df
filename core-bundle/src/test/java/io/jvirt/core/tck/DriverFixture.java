package io.jvirt.core.tck;

import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import io.jvirt.core.spi.HypervisorDriver;

/**
 * What a driver gives the contract suite ({@link DriverContractTest}): the driver itself, ready to
 * open connections, the URI to open, definitions it can run, and what its hypervisor can do. A
 * fixture owns the driver's resources (state directories, simulators) and releases them at
 * {@link #close()}.
 */
public interface DriverFixture extends AutoCloseable {

    /**
     * What a driver may lack; the suite checks what a driver declares, and refusals of the rest.
     * One is what a hypervisor may impose instead ({@link #HOST_UUIDS}): a driver declares it only
     * when it must, so every other driver keeps the stricter checks.
     */
    enum Capability {
        /** Persistent domains can be started and destroyed. */
        START,
        /** createXml: domains that vanish when they stop. */
        TRANSIENT,
        /** suspend and resume. */
        PAUSE,
        /** the autostart flag. */
        AUTOSTART,
        /** lifecycle events through subscribeDomainEvents. */
        EVENTS,
        /** managedSave and managedSaveRemove. */
        MANAGED_SAVE,
        /** A definition with a secret (a VNC password) that only a SECURE dump shows. */
        SECRETS,
        /**
         * A define of an existing name and UUID updates its definition. Without it such a define is
         * refused and the domain kept (libvirt's ESX driver: "Domain already exists, editing
         * existing domains is not supported yet").
         */
        REDEFINE,
        /**
         * libvirt's state reasons (booted, user-paused, unpaused, destroyed). Without it every
         * state's reason is 0, unknown, as libvirt's ESX driver reports them (esxDomainGetState).
         */
        STATE_REASONS,
        /**
         * The hypervisor names its domains' UUIDs, so a define keeps the definition's name but not
         * its {@code <uuid>} (PowerVM: an LPAR's UUID follows from its managed system and partition
         * id, which the HMC picks; libvirt's phyp driver ignored the element too). The suite then
         * checks UUIDs against what define returned, and that a definition's UUID never takes
         * another domain's. Without it, a define keeps the definition's UUID.
         */
        HOST_UUIDS,
    }

    /**
     * Makes and removes domains on the hypervisor without the driver, for a driver that cannot
     * define them yet (the first slice of a new driver: no define, undefine or XML description),
     * e.g. through its stand-in's object model.
     */
    interface OutOfBandDomains {
        /** Makes a persistent, shut-off domain with this name and UUID. */
        void create(String name, UUID uuid);

        /** Removes the domain named so, whatever its state; nothing when there is none. */
        void remove(String name);
    }

    HypervisorDriver driver();

    /**
     * How the suite makes domains for a driver without define: with one, the suite makes its
     * domains through it, skips the checks of define, undefine and XML descriptions themselves,
     * and still checks everything else (lookups, lifecycle, listings, flags, read-only
     * connections); null (the default) for a driver that defines domains, which is every driver
     * once it is complete.
     */
    default OutOfBandDomains outOfBandDomains() {
        return null;
    }

    /** The URI this driver accepts, e.g. {@code test:///default} or {@code qemu:///system}. */
    String uri();

    /**
     * A definition this driver accepts (and can start, with {@link Capability#START}), with this
     * name and UUID, as small as the hypervisor allows so that a lifecycle is fast.
     */
    String domainXml(String name, UUID uuid);

    /**
     * {@link #domainXml} with a secret the driver keeps (with {@link Capability#SECRETS}), e.g. a
     * {@code <graphics type='vnc' passwd='...'>}: the secret is {@value DriverContractTest#SECRET}.
     */
    default String domainXmlWithSecret(String name, UUID uuid) {
        throw new UnsupportedOperationException("no secrets in this driver's definitions");
    }

    Set<Capability> capabilities();

    /** Ends what the fixture started (domains the suite left behind included). */
    @Override
    void close() throws Exception;

    /**
     * The administrator's {@code readonly.files.dir} for the suite's connector (null: none): what a
     * read-only connection may name, e.g. the UNIX socket a remote driver's URI names.
     */
    default java.nio.file.Path readOnlyFilesDir() {
        return null;
    }

    /** This fixture with {@code dir} as the administrator's {@link #readOnlyFilesDir}. */
    default DriverFixture withReadOnlyFilesDir(java.nio.file.Path dir) {
        DriverFixture base = this;
        return new DriverFixture() {
            @Override
            public HypervisorDriver driver() {
                return base.driver();
            }

            @Override
            public String uri() {
                return base.uri();
            }

            @Override
            public String domainXml(String name, UUID uuid) {
                return base.domainXml(name, uuid);
            }

            @Override
            public String domainXmlWithSecret(String name, UUID uuid) {
                return base.domainXmlWithSecret(name, uuid);
            }

            @Override
            public OutOfBandDomains outOfBandDomains() {
                return base.outOfBandDomains();
            }

            @Override
            public Set<Capability> capabilities() {
                return base.capabilities();
            }

            @Override
            public java.nio.file.Path readOnlyFilesDir() {
                return dir;
            }

            @Override
            public void close() throws Exception {
                base.close();
            }
        };
    }

    /**
     * A fixture from its parts: the driver, its URI, the definitions it accepts (and, with
     * {@link Capability#SECRETS}, {@code secretXml}: null otherwise), its capabilities, and what
     * {@link #close} ends.
     */
    static DriverFixture of(HypervisorDriver driver, String uri, BiFunction<String, UUID, String> xml,
                            BiFunction<String, UUID, String> secretXml, Set<Capability> capabilities, AutoCloseable onClose) {
        return new DriverFixture() {
            @Override
            public HypervisorDriver driver() {
                return driver;
            }

            @Override
            public String uri() {
                return uri;
            }

            @Override
            public String domainXml(String name, UUID uuid) {
                return xml.apply(name, uuid);
            }

            @Override
            public String domainXmlWithSecret(String name, UUID uuid) {
                if (secretXml == null) {
                    return DriverFixture.super.domainXmlWithSecret(name, uuid);
                }
                return secretXml.apply(name, uuid);
            }

            @Override
            public Set<Capability> capabilities() {
                return capabilities;
            }

            @Override
            public void close() throws Exception {
                onClose.close();
            }
        };
    }
}
