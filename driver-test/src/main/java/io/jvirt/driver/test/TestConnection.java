package io.jvirt.driver.test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.jvirt.api.CreateFlag;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.MetadataType;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.api.UndefineFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.spi.DomainObject;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/** A connection to a {@link TestHost}: the test driver's implementation of the driver table. */
final class TestConnection implements DriverConnection {

    private final TestHost host;
    private final String uri;

    TestConnection(TestHost host, String uri) {
        this.host = host;
        this.uri = uri;
    }

    private DomainObject<TestRuntime> dom(DomainRef ref) {
        return host.domains.getByUuid(ref.uuid());
    }

    // ---------- connection ----------

    @Override
    public String type() {
        return "TEST";
    }

    @Override
    public void close() {
        // the host outlives its connections (test:///default) or is dropped with this one
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public long hypervisorVersion() {
        return 2; // what libvirt's test driver reports
    }

    @Override
    public String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.TEST, "cannot get the host name: " + e.getMessage(), e);
        }
    }

    @Override
    public NodeInfo nodeInfo() {
        return host.node;
    }

    @Override
    public int maxVcpus(String type) {
        return 32;
    }

    @Override
    public String capabilities() {
        NodeInfo n = host.node;
        return "<capabilities>\n\n  <host>\n    <cpu>\n      <arch>i686</arch>\n"
            + "      <topology sockets='" + n.sockets() + "' dies='1' cores='" + n.cores() + "' threads='" + n.threads() + "'/>\n"
            + "    </cpu>\n  </host>\n\n"
            + "  <guest>\n    <os_type>hvm</os_type>\n    <arch name='i686'>\n      <wordsize>32</wordsize>\n"
            + "      <emulator>/usr/bin/test-hv</emulator>\n      <domain type='test'/>\n    </arch>\n  </guest>\n\n"
            + "  <guest>\n    <os_type>xen</os_type>\n    <arch name='i686'>\n      <wordsize>32</wordsize>\n"
            + "      <emulator>/usr/bin/test-hv</emulator>\n      <domain type='test'/>\n    </arch>\n  </guest>\n\n"
            + "</capabilities>\n";
    }

    @Override
    public List<DomainRef> listAllDomains(int flags) {
        List<DomainObject<TestRuntime>> doms = host.domains.list(flags);
        List<DomainRef> out = new ArrayList<>(doms.size());
        for (DomainObject<TestRuntime> d : doms) {
            out.add(d.ref());
        }
        return out;
    }

    @Override
    public int numOfDomains() {
        return host.domains.countActive();
    }

    @Override
    public int numOfDefinedDomains() {
        return host.domains.countInactive();
    }

    @Override
    public DomainRef lookupByName(String name) {
        return host.domains.getByName(name).ref();
    }

    @Override
    public DomainRef lookupByUuid(UUID uuid) {
        return host.domains.getByUuid(uuid).ref();
    }

    @Override
    public DomainRef lookupById(int id) {
        return host.domains.getById(id).ref();
    }

    @Override
    public AutoCloseable subscribeDomainEvents(Consumer<DomainEvent> sink) {
        return host.events.subscribe(sink);
    }

    @Override
    public DomainRef defineXml(String xml, int flags) {
        DomainDef def = DomainXml.parse(xml);
        int before = host.domains.size();
        DomainObject<TestRuntime> dom = host.domains.addOrFind(def, true, TestRuntime::new);
        boolean existed = host.domains.size() == before;
        return host.domains.job(dom, "virDomainDefineXMLFlags", d -> {
            boolean wasPersistent = d.isPersistent();
            d.setPersistent(true);
            if (d.isActive()) {
                d.setNewDef(def);
            } else {
                d.setDef(def);
            }
            host.emit(d, DomainEventType.DEFINED,
                existed && wasPersistent ? DomainEvent.DEFINED_UPDATED : DomainEvent.DEFINED_ADDED);
            return d.ref();
        });
    }

    @Override
    public DomainRef createXml(String xml, int flags) {
        DomainDef def = DomainXml.parse(xml);
        DomainObject<TestRuntime> dom = host.domains.addOrFind(def, false, TestRuntime::new);
        return host.domains.job(dom, "virDomainCreateXML", d -> {
            if (d.isActive()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "domain '" + d.name() + "' is already active");
            }
            if (d.isPersistent()) {
                // libvirt starts the new definition as the live one and keeps the persistent one
                d.setDef(def);
            }
            startDomain(d, flags);
            return d.ref();
        });
    }

    private void startDomain(DomainObject<TestRuntime> d, int flags) {
        boolean restored = d.hasManagedSave();
        d.setManagedSave(false);
        host.start(d, DomainState.RUNNING, restored ? StateReason.RUNNING_RESTORED : StateReason.RUNNING_BOOTED);
        host.emit(d, DomainEventType.STARTED, restored ? DomainEvent.STARTED_RESTORED : DomainEvent.STARTED_BOOTED);
        if ((flags & CreateFlag.PAUSED.bit()) != 0) {
            d.runtime().paused();
            d.setState(DomainState.PAUSED, StateReason.PAUSED_USER);
            host.emit(d, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
        }
    }

    // ---------- domains ----------

    @Override
    public int domainId(DomainRef ref) {
        return dom(ref).id();
    }

    @Override
    public String domainOsType(DomainRef ref) {
        return dom(ref).def().osType();
    }

    @Override
    public DomainInfo domainInfo(DomainRef ref) {
        DomainObject<TestRuntime> d = dom(ref);
        DomainDef def = d.def();
        return new DomainInfo(d.state().state(), def.memoryKiB(), def.currentMemoryKiB(), def.currentVcpus(),
            d.runtime().cpuTimeNs());
    }

    @Override
    public StateReason domainState(DomainRef ref) {
        return dom(ref).state();
    }

    @Override
    public boolean domainIsActive(DomainRef ref) {
        return dom(ref).isActive();
    }

    @Override
    public boolean domainIsPersistent(DomainRef ref) {
        return dom(ref).isPersistent();
    }

    @Override
    public boolean domainIsUpdated(DomainRef ref) {
        DomainObject<TestRuntime> d = dom(ref);
        DomainDef persistent = d.newDef();
        return d.isActive() && persistent != null && !DomainXml.format(persistent).equals(DomainXml.format(d.def()));
    }

    @Override
    public boolean domainHasManagedSaveImage(DomainRef ref) {
        return dom(ref).hasManagedSave();
    }

    @Override
    public String domainXmlDesc(DomainRef ref, int flags) {
        DomainObject<TestRuntime> d = dom(ref);
        if ((flags & XmlFlag.INACTIVE.bit()) != 0) {
            return DomainXml.format(d.persistentDef());
        }
        return DomainXml.format(d.def(), d.id());
    }

    @Override
    public void domainCreate(DomainRef ref, int flags) {
        host.domains.run(dom(ref), "virDomainCreateWithFlags", d -> {
            d.requireInactive();
            startDomain(d, flags);
        });
    }

    @Override
    public void domainShutdown(DomainRef ref, int flags) {
        host.domains.run(dom(ref), "virDomainShutdownFlags", d -> {
            requireRunning(d);
            host.emit(d, DomainEventType.SHUTDOWN, DomainEvent.SHUTDOWN_FINISHED);
            stopDomain(d, StateReason.SHUTOFF_SHUTDOWN, DomainEvent.STOPPED_SHUTDOWN);
        });
    }

    @Override
    public void domainReboot(DomainRef ref, int flags) {
        host.domains.run(dom(ref), "virDomainReboot", d -> {
            requireRunning(d);
            // on_reboot=restart: the guest comes straight back, running (booted)
            d.setState(DomainState.RUNNING, StateReason.RUNNING_BOOTED);
        });
    }

    @Override
    public void domainReset(DomainRef ref) {
        host.domains.run(dom(ref), "virDomainReset", DomainObject::requireActive);
    }

    @Override
    public void domainDestroy(DomainRef ref, int flags) {
        host.domains.run(dom(ref), "virDomainDestroyFlags", d -> {
            d.requireActive();
            stopDomain(d, StateReason.SHUTOFF_DESTROYED, DomainEvent.STOPPED_DESTROYED);
        });
    }

    private void stopDomain(DomainObject<TestRuntime> d, int reason, int eventDetail) {
        host.emit(d, DomainEventType.STOPPED, eventDetail);
        host.stop(d, reason);
    }

    @Override
    public void domainSuspend(DomainRef ref) {
        host.domains.run(dom(ref), "virDomainSuspend", d -> {
            d.requireActive();
            if (d.state().state() == DomainState.PAUSED) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "domain '" + d.name() + "' is already paused");
            }
            d.runtime().paused();
            d.setState(DomainState.PAUSED, StateReason.PAUSED_USER);
            host.emit(d, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
        });
    }

    @Override
    public void domainResume(DomainRef ref) {
        host.domains.run(dom(ref), "virDomainResume", d -> {
            d.requireActive();
            if (d.state().state() != DomainState.PAUSED) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "domain '" + d.name() + "' not paused");
            }
            d.runtime().resumed();
            d.setState(DomainState.RUNNING, StateReason.RUNNING_UNPAUSED);
            host.emit(d, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
        });
    }

    @Override
    public void domainUndefine(DomainRef ref, int flags) {
        host.domains.run(dom(ref), "virDomainUndefineFlags", d -> {
            if (!d.isPersistent()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "cannot undefine transient domain");
            }
            if (d.hasManagedSave()) {
                if ((flags & UndefineFlag.MANAGED_SAVE.bit()) == 0) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                        "Refusing to undefine while domain managed save image exists");
                }
                d.setManagedSave(false);
            }
            host.emit(d, DomainEventType.UNDEFINED, DomainEvent.UNDEFINED_REMOVED);
            d.setAutostart(false);
            if (d.isActive()) {
                d.setPersistent(false);
                d.setNewDef(null);
            } else {
                host.domains.remove(d);
            }
        });
    }

    @Override
    public boolean domainAutostart(DomainRef ref) {
        return dom(ref).autostart();
    }

    @Override
    public void domainSetAutostart(DomainRef ref, boolean autostart) {
        host.domains.run(dom(ref), "virDomainSetAutostart", d -> {
            if (!d.isPersistent()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "cannot set autostart for transient domain");
            }
            d.setAutostart(autostart);
        });
    }

    /** Which definitions a LIVE/CONFIG/CURRENT change touches, checked as libvirt checks them. */
    private record Impact(boolean live, boolean config) {
    }

    private static Impact impact(DomainObject<TestRuntime> d, int flags) {
        boolean live = (flags & ModificationImpact.LIVE.bit()) != 0;
        boolean config = (flags & ModificationImpact.CONFIG.bit()) != 0;
        if (!live && !config) {
            live = d.isActive();
            config = !live;
        }
        if (live && !d.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
        if (config && !d.isPersistent()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "cannot change persistent config of a transient domain");
        }
        return new Impact(live, config);
    }

    /** Applies {@code change} to copies of the definitions the impact names, then installs them. */
    private static void modify(DomainObject<TestRuntime> d, Impact impact, Consumer<DomainDef> change) {
        DomainDef live = impact.live ? d.def().copy() : null;
        DomainDef config = impact.config ? d.persistentDef().copy() : null;
        if (live != null) {
            change.accept(live);
        }
        if (config != null) {
            change.accept(config);
        }
        if (live != null) {
            d.setDef(live);
        }
        if (config != null) {
            if (d.isActive()) {
                d.setNewDef(config);
            } else {
                d.setDef(config);
            }
        }
    }

    @Override
    public void domainSetMemory(DomainRef ref, long kib, int flags) {
        host.domains.run(dom(ref), "virDomainSetMemoryFlags", d -> {
            Impact impact = impact(d, flags);
            if ((flags & ModificationImpact.MAXIMUM.bit()) != 0) {
                if (impact.live) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                        "cannot resize the maximum memory on an active domain");
                }
                modify(d, impact, def -> {
                    def.memoryKiB(kib);
                    if (def.currentMemoryKiB() > kib) {
                        def.currentMemoryKiB(kib);
                    }
                });
                return;
            }
            for (DomainDef def : impact.live ? List.of(d.def()) : List.of(d.persistentDef())) {
                if (kib > def.memoryKiB()) {
                    throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                        "cannot set memory higher than max memory");
                }
            }
            modify(d, impact, def -> def.currentMemoryKiB(kib));
        });
    }

    @Override
    public void domainSetMaxMemory(DomainRef ref, long kib) {
        domainSetMemory(ref, kib, ModificationImpact.CONFIG.bit() | ModificationImpact.MAXIMUM.bit());
    }

    @Override
    public void domainSetVcpus(DomainRef ref, int count, int flags) {
        host.domains.run(dom(ref), "virDomainSetVcpusFlags", d -> {
            Impact impact = impact(d, flags);
            if ((flags & ModificationImpact.MAXIMUM.bit()) != 0) {
                if (impact.live) {
                    throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                        "cannot set maximum vcpus on an active domain");
                }
                modify(d, impact, def -> {
                    def.currentVcpus(Math.min(def.currentVcpus(), count));
                    def.vcpus(count);
                });
                return;
            }
            int max = (impact.live ? d.def() : d.persistentDef()).vcpus();
            if (count > max) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "requested vcpus is greater than max allowable vcpus for the domain: " + count + " > " + max);
            }
            modify(d, impact, def -> def.currentVcpus(count));
        });
    }

    @Override
    public String domainMetadata(DomainRef ref, int type, String uri, int flags) {
        DomainObject<TestRuntime> d = dom(ref);
        boolean config = (flags & ModificationImpact.CONFIG.bit()) != 0;
        DomainDef def = config ? d.persistentDef() : d.def();
        String value = switch (MetadataType.values()[type]) {
            case TITLE -> def.title();
            case DESCRIPTION -> def.description();
            case ELEMENT -> throw DriverConnection.unsupported("virDomainGetMetadata with VIR_DOMAIN_METADATA_ELEMENT");
        };
        if (value == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_METADATA, ErrorDomain.DOMAIN, "Requested metadata element is not present");
        }
        return value;
    }

    @Override
    public void domainSetMetadata(DomainRef ref, int type, String value, String key, String uri, int flags) {
        host.domains.run(dom(ref), "virDomainSetMetadata", d -> {
            String v = value == null || value.isEmpty() ? null : value;
            MetadataType t = MetadataType.values()[type];
            if (t == MetadataType.ELEMENT) {
                throw DriverConnection.unsupported("virDomainSetMetadata with VIR_DOMAIN_METADATA_ELEMENT");
            }
            modify(d, impact(d, flags), def -> {
                if (t == MetadataType.TITLE) {
                    def.title(v);
                } else {
                    def.description(v);
                }
            });
        });
    }

    @Override
    public void domainRename(DomainRef ref, String newName) {
        host.domains.run(dom(ref), "virDomainRename", d -> {
            if (d.isActive()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "cannot rename active domain");
            }
            if (!d.isPersistent()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "cannot rename a transient domain");
            }
            if (newName.isEmpty() || newName.contains("/")) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "name " + newName + " cannot contain '/'");
            }
            String oldName = d.name();
            host.domains.rename(d, oldName, newName);
            host.emit(d, DomainEventType.UNDEFINED, DomainEvent.UNDEFINED_RENAMED);
            d.setDef(d.def().copy().name(newName));
            host.emit(d, DomainEventType.DEFINED, DomainEvent.DEFINED_RENAMED);
        });
    }

    @Override
    public void domainManagedSave(DomainRef ref) {
        host.domains.run(dom(ref), "virDomainManagedSave", d -> {
            d.requireActive();
            if (!d.isPersistent()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "cannot do managed save for transient domain");
            }
            d.setManagedSave(true);
            stopDomain(d, StateReason.SHUTOFF_SAVED, DomainEvent.STOPPED_SAVED);
        });
    }

    @Override
    public void domainManagedSaveRemove(DomainRef ref) {
        host.domains.run(dom(ref), "virDomainManagedSaveRemove", d -> d.setManagedSave(false));
    }

    private static void requireRunning(DomainObject<TestRuntime> d) {
        d.requireActive();
        if (d.state().state() != DomainState.RUNNING) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "domain '" + d.name() + "' not running");
        }
    }
}
