package io.jvirt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jvirt.api.testing.LibvirtApi;

/**
 * Every value of jvirt's enums that mirror libvirt's equals libvirt's value for the same name, as
 * libvirt 9.0's own API description ({@code libvirt-api.xml}) lists it. jvirt's names map to
 * libvirt's {@code VIR_...} names by a rule per enum (a prefix), with the exceptions named below;
 * a constant libvirt 9.0 does not have is allowed only when listed here with its reason.
 */
class LibvirtEnumsTest {

    /**
     * Constants of libvirt releases after 9.0 (the API description CI installs): libvirt's, but not
     * in 9.0's file. Each is checked to be absent there, so the list cannot go stale silently.
     */
    private static final Map<String, String> NEWER_THAN_9_0 = Map.of(
        "VIR_DOMAIN_EVENT_STARTED_RECREATED", "libvirt 10.x: a domain recreated by a restart of the daemon",
        "VIR_DOMAIN_PAUSED_API_ERROR", "libvirt 10.x: paused after a failed API call");

    private static LibvirtApi api;
    private static final List<String> checked = new ArrayList<>();

    @BeforeAll
    static void load() {
        LibvirtApi.require();
        api = LibvirtApi.load();
    }

    private static void check(String what, String libvirtName, long jvirtValue) {
        OptionalLong v = api.value(libvirtName);
        assertTrue(v.isPresent(), what + ": libvirt has no " + libvirtName);
        assertEquals(v.getAsLong(), jvirtValue, what + " is " + jvirtValue + ", libvirt's " + libvirtName + " is "
            + v.getAsLong());
        checked.add(libvirtName);
    }

    private static <E extends Enum<E>> void each(Class<E> type, Function<E, String> name, ToLongFunction<E> value) {
        for (E e : type.getEnumConstants()) {
            check(type.getSimpleName() + "." + e.name(), name.apply(e), value.applyAsLong(e));
        }
    }

    /** The constants of C enum {@code type} libvirt 9.0 has, without its *_LAST sentinel. */
    private static Map<String, Long> libvirtEnum(String type) {
        Map<String, Long> out = new LinkedHashMap<>(api.enumType(type));
        out.keySet().removeIf(n -> n.endsWith("_LAST"));
        assertTrue(!out.isEmpty(), "libvirt has no enum " + type);
        return out;
    }

    @Test
    void errorCodesAndDomainsAreLibvirtsAndComplete() {
        each(ErrorCode.class, e -> e.name().startsWith("WAR_") ? "VIR_" + e.name() : "VIR_ERR_" + e.name(), ErrorCode::number);
        each(ErrorDomain.class, e -> "VIR_FROM_" + e.name(), ErrorDomain::number);
        // both are full mirrors: every libvirt code and domain has its constant
        assertEquals(libvirtEnum("virErrorNumber").size(), ErrorCode.values().length, "virErrorNumber");
        assertEquals(libvirtEnum("virErrorDomain").size(), ErrorDomain.values().length, "virErrorDomain");
    }

    @Test
    void statesAndReasons() {
        each(DomainState.class, s -> "VIR_DOMAIN_" + s.name(), DomainState::number);
        assertEquals(libvirtEnum("virDomainState").size(), DomainState.values().length, "virDomainState");
        for (Field f : constants(StateReason.class)) {
            if (f.getName().equals("UNKNOWN")) {
                for (DomainState s : DomainState.values()) {
                    check("StateReason.UNKNOWN", "VIR_DOMAIN_" + s.name() + "_UNKNOWN", intValue(f));
                }
            } else {
                check("StateReason." + f.getName(), "VIR_DOMAIN_" + f.getName(), intValue(f));
            }
        }
        // virsh's reason words: one per libvirt reason, none beyond (what is beyond prints "unknown")
        String[] enums = {"virDomainNostateReason", "virDomainRunningReason", "virDomainBlockedReason",
            "virDomainPausedReason", "virDomainShutdownReason", "virDomainShutoffReason", "virDomainCrashedReason",
            "virDomainPMSuspendedReason"};
        for (DomainState s : DomainState.values()) {
            Map<String, Long> reasons = libvirtEnum(enums[s.number()]);
            int words = wordCount(n -> new StateReason(s, n).reasonLabel());
            assertEquals(reasons.size() + newer("VIR_DOMAIN_" + s.name() + "_"), words,
                "reason words of " + s + " vs libvirt's " + reasons.keySet());
        }
    }

    @Test
    void eventTypesAndDetails() {
        each(DomainEventType.class, t -> "VIR_DOMAIN_EVENT_" + t.name(), DomainEventType::number);
        assertEquals(libvirtEnum("virDomainEventType").size(), DomainEventType.values().length, "virDomainEventType");
        for (Field f : constants(DomainEvent.class)) {
            check("DomainEvent." + f.getName(), "VIR_DOMAIN_EVENT_" + f.getName(), intValue(f));
        }
        String[] enums = {"Defined", "Undefined", "Started", "Suspended", "Resumed", "Stopped", "Shutdown",
            "PMSuspended", "Crashed"};
        for (DomainEventType t : DomainEventType.values()) {
            Map<String, Long> details = libvirtEnum("virDomainEvent" + enums[t.number()] + "DetailType");
            int words = wordCount(t::detailLabel);
            assertEquals(details.size() + newer("VIR_DOMAIN_EVENT_" + t.name() + "_"), words,
                "detail words of " + t + " vs libvirt's " + details.keySet());
        }
    }

    @Test
    void flagsAndSmallEnums() {
        Map<Class<?>, Function<Enum<?>, String>> flags = flagRules();
        for (Map.Entry<Class<?>, Function<Enum<?>, String>> r : flags.entrySet()) {
            for (Object c : r.getKey().getEnumConstants()) {
                Enum<?> e = (Enum<?>) c;
                check(r.getKey().getSimpleName() + "." + e.name(), r.getValue().apply(e), ((Flag) e).bit());
            }
        }
        each(CredentialType.class, c -> "VIR_CRED_" + c.name(), CredentialType::number);
        each(MemoryStatTag.class, t -> "VIR_DOMAIN_MEMORY_STAT_" + t.name(), MemoryStatTag::number);
        each(MetadataType.class, t -> "VIR_DOMAIN_METADATA_" + t.name(), Enum::ordinal);
        each(CloseListener.Reason.class, r -> "VIR_CONNECT_CLOSE_REASON_" + r.name(), Enum::ordinal);
        each(NetworkDhcpLease.AddressType.class, t -> "VIR_IP_ADDR_TYPE_" + t.name(), NetworkDhcpLease.AddressType::number);
        assertEquals(libvirtEnum("virIPAddrType").size(), NetworkDhcpLease.AddressType.values().length, "virIPAddrType");
        // every libvirt list filter of networks has its constant
        assertEquals(libvirtEnum("virConnectListAllNetworksFlags").size(), NetworkListFilter.values().length,
            "virConnectListAllNetworksFlags");
    }

    @Test
    void networkEventTypes() {
        each(NetworkEventType.class, t -> "VIR_NETWORK_EVENT_" + t.name(), NetworkEventType::number);
        assertEquals(libvirtEnum("virNetworkEventLifecycleType").size(), NetworkEventType.values().length,
            "virNetworkEventLifecycleType");
    }

    @Test
    void storageEnums() {
        each(StoragePoolState.class, t -> "VIR_STORAGE_POOL_" + t.name(), StoragePoolState::number);
        assertEquals(libvirtEnum("virStoragePoolState").size(), StoragePoolState.values().length, "virStoragePoolState");
        each(StorageVolType.class, t -> "VIR_STORAGE_VOL_" + t.name(), StorageVolType::number);
        assertEquals(libvirtEnum("virStorageVolType").size(), StorageVolType.values().length, "virStorageVolType");
        each(StorageVolWipeAlgorithm.class, t -> "VIR_STORAGE_VOL_WIPE_ALG_" + t.name(), StorageVolWipeAlgorithm::number);
        assertEquals(libvirtEnum("virStorageVolWipeAlgorithm").size(), StorageVolWipeAlgorithm.values().length,
            "virStorageVolWipeAlgorithm");
        // the lifecycle types are libvirt's lifecycle enum; REFRESH is libvirt's second event id
        for (StoragePoolEventType t : StoragePoolEventType.values()) {
            if (t.isLifecycle()) {
                check("StoragePoolEventType." + t.name(), "VIR_STORAGE_POOL_EVENT_" + t.name(), t.number());
            } else {
                check("StoragePoolEventType." + t.name(), "VIR_STORAGE_POOL_EVENT_ID_" + t.name(), 1);
            }
        }
        assertEquals(libvirtEnum("virStoragePoolEventLifecycleType").size(), StoragePoolEventType.values().length - 1,
            "virStoragePoolEventLifecycleType");
        assertEquals(libvirtEnum("virConnectListAllStoragePoolsFlags").size(), StoragePoolListFilter.values().length,
            "virConnectListAllStoragePoolsFlags");
        // the pool types' list filters and numbers are libvirt's
        for (io.jvirt.api.storage.StoragePoolType t : io.jvirt.api.storage.StoragePoolType.values()) {
            assertEquals("VIR_CONNECT_LIST_STORAGE_POOLS_" + t.name(), "VIR_CONNECT_LIST_STORAGE_POOLS_" + t.listFilter().name());
        }
    }

    @Test
    void tuningEnums() {
        each(DomainControlState.class, s -> "VIR_DOMAIN_CONTROL_" + s.name(), DomainControlState::number);
        assertEquals(libvirtEnum("virDomainControlState").size(), DomainControlState.values().length, "virDomainControlState");
        each(DomainControlErrorReason.class, r -> "VIR_DOMAIN_CONTROL_ERROR_REASON_" + r.name(), DomainControlErrorReason::number);
        assertEquals(libvirtEnum("virDomainControlErrorReason").size(), DomainControlErrorReason.values().length,
            "virDomainControlErrorReason");
        each(TypedParameter.Type.class, t -> "VIR_TYPED_PARAM_" + t.name(), TypedParameter.Type::number);
        assertEquals(libvirtEnum("virTypedParameterType").size(), TypedParameter.Type.values().length, "virTypedParameterType");
        assertEquals(libvirtEnum("virDomainVcpuFlags").size(), VcpuFlag.values().length, "virDomainVcpuFlags");
        // domain statistics: the groups (virDomainStatsTypes) and the listing's flags (virConnectGetAllDomainStatsFlags)
        each(DomainStatsType.class, t -> "VIR_DOMAIN_STATS_" + t.name(), t -> (long) t.bit());
        assertEquals(libvirtEnum("virDomainStatsTypes").size(), DomainStatsType.values().length, "virDomainStatsTypes");
        each(DomainStatsFlag.class, f -> "VIR_CONNECT_GET_ALL_DOMAINS_STATS_" + f.name(), f -> Integer.toUnsignedLong(f.bit()));
        assertEquals(libvirtEnum("virConnectGetAllDomainStatsFlags").size(), DomainStatsFlag.values().length,
            "virConnectGetAllDomainStatsFlags");
    }

    /** Every enum of io.jvirt.api is checked above: a new one must get its rule here (or be named as jvirt's own). */
    @Test
    void everyEnumOfTheApiHasARule() throws Exception {
        Set<Class<?>> covered = new java.util.HashSet<>(flagRules().keySet());
        covered.addAll(List.of(ErrorCode.class, ErrorDomain.class, DomainState.class, DomainEventType.class,
            CredentialType.class, MemoryStatTag.class, MetadataType.class, CloseListener.Reason.class,
            NetworkEventType.class, NetworkDhcpLease.AddressType.class, StoragePoolState.class, StorageVolType.class,
            StorageVolWipeAlgorithm.class, StoragePoolEventType.class, DomainControlState.class,
            DomainControlErrorReason.class, TypedParameter.Type.class, DomainStatsType.class, DomainStatsFlag.class));
        // jvirt's own, with no libvirt counterpart: a named connection's state (libvirt has no named connections)
        covered.add(NamedConnectionInfo.State.class);
        Set<String> missing = new TreeSet<>();
        for (Class<?> c : apiClasses()) {
            if (c.isEnum() && !covered.contains(c)) {
                missing.add(c.getName());
            }
        }
        assertTrue(missing.isEmpty(), "enums of io.jvirt.api without a libvirt rule: " + missing);
    }

    @Test
    void theNewerThan90ListIsNotStale() {
        for (String name : NEWER_THAN_9_0.keySet()) {
            assertTrue(api.value(name).isEmpty(), name + " is in libvirt 9.0's API after all: check it like the others");
        }
    }

    @Test
    void summary() throws Exception {
        errorCodesAndDomainsAreLibvirtsAndComplete();
        statesAndReasons();
        eventTypesAndDetails();
        flagsAndSmallEnums();
        networkEventTypes();
        storageEnums();
        System.out.printf("libvirt enums: %d jvirt values checked against %s (%d constants), %d named as newer than 9.0%n",
            new TreeSet<>(checked).size(), LibvirtApi.file(), api.size(), NEWER_THAN_9_0.size());
    }

    // ---- rules and helpers ----

    /** Each flag enum and how its constants are named in libvirt (prefix, then the exceptions). */
    private static Map<Class<?>, Function<Enum<?>, String>> flagRules() {
        Map<Class<?>, Function<Enum<?>, String>> m = new LinkedHashMap<>();
        m.put(ConnectFlag.class, e -> e.name().equals("READONLY") ? "VIR_CONNECT_RO" : "VIR_CONNECT_" + e.name());
        m.put(CreateFlag.class, e -> "VIR_DOMAIN_START_" + e.name());
        m.put(DefineFlag.class, e -> "VIR_DOMAIN_DEFINE_" + e.name());
        m.put(DestroyFlag.class, e -> "VIR_DOMAIN_DESTROY_" + e.name());
        m.put(HostnameFlag.class, e -> "VIR_DOMAIN_GET_HOSTNAME_" + e.name());
        m.put(ListFilter.class, e -> "VIR_CONNECT_LIST_DOMAINS_" + e.name());
        // virDomainModificationImpact, and virDomainMemoryModFlags' MAXIMUM (setmaxmem) beside it
        m.put(ModificationImpact.class, e -> e.name().equals("MAXIMUM") ? "VIR_DOMAIN_MEM_MAXIMUM"
            : "VIR_DOMAIN_AFFECT_" + e.name());
        m.put(ShutdownFlag.class, e -> "VIR_DOMAIN_SHUTDOWN_" + e.name());
        m.put(UndefineFlag.class, e -> "VIR_DOMAIN_UNDEFINE_" + e.name());
        m.put(XmlFlag.class, e -> "VIR_DOMAIN_XML_" + e.name());
        m.put(NetworkListFilter.class, e -> "VIR_CONNECT_LIST_NETWORKS_" + e.name());
        m.put(NetworkXmlFlag.class, e -> "VIR_NETWORK_XML_" + e.name());
        m.put(NetworkDefineFlag.class, e -> "VIR_NETWORK_DEFINE_" + e.name());
        m.put(NetworkCreateFlag.class, e -> "VIR_NETWORK_CREATE_" + e.name());
        m.put(StoragePoolListFilter.class, e -> "VIR_CONNECT_LIST_STORAGE_POOLS_" + e.name());
        m.put(StoragePoolBuildFlag.class, e -> "VIR_STORAGE_POOL_BUILD_" + e.name());
        m.put(StoragePoolCreateFlag.class, e -> "VIR_STORAGE_POOL_CREATE_" + e.name());
        m.put(StoragePoolDefineFlag.class, e -> "VIR_STORAGE_POOL_DEFINE_" + e.name());
        m.put(StoragePoolDeleteFlag.class, e -> "VIR_STORAGE_POOL_DELETE_" + e.name());
        m.put(StorageXmlFlag.class, e -> "VIR_STORAGE_XML_" + e.name());
        m.put(StorageVolCreateFlag.class, e -> "VIR_STORAGE_VOL_CREATE_" + e.name());
        m.put(StorageVolDeleteFlag.class, e -> "VIR_STORAGE_VOL_DELETE_" + e.name());
        m.put(StorageVolResizeFlag.class, e -> "VIR_STORAGE_VOL_RESIZE_" + e.name());
        m.put(StorageVolInfoFlag.class, e -> "VIR_STORAGE_VOL_" + e.name());
        m.put(StorageVolUploadFlag.class, e -> "VIR_STORAGE_VOL_UPLOAD_" + e.name());
        m.put(StorageVolDownloadFlag.class, e -> "VIR_STORAGE_VOL_DOWNLOAD_" + e.name());
        m.put(VcpuFlag.class, e -> "VIR_DOMAIN_VCPU_" + e.name());
        m.put(CheckpointCreateFlag.class, e -> "VIR_DOMAIN_CHECKPOINT_CREATE_" + e.name());
        m.put(CheckpointListFlag.class, e -> "VIR_DOMAIN_CHECKPOINT_LIST_" + e.name());
        m.put(CheckpointDeleteFlag.class, e -> "VIR_DOMAIN_CHECKPOINT_DELETE_" + e.name());
        m.put(CheckpointXmlFlag.class, e -> "VIR_DOMAIN_CHECKPOINT_XML_" + e.name());
        m.put(SnapshotCreateFlag.class, e -> "VIR_DOMAIN_SNAPSHOT_CREATE_" + e.name());
        m.put(SnapshotListFlag.class, e -> "VIR_DOMAIN_SNAPSHOT_LIST_" + e.name());
        m.put(SnapshotXmlFlag.class, e -> "VIR_DOMAIN_SNAPSHOT_XML_" + e.name());
        m.put(SnapshotDeleteFlag.class, e -> "VIR_DOMAIN_SNAPSHOT_DELETE_" + e.name());
        m.put(SnapshotRevertFlag.class, e -> "VIR_DOMAIN_SNAPSHOT_REVERT_" + e.name());
        m.put(ConsoleFlag.class, e -> "VIR_DOMAIN_CONSOLE_" + e.name());
        return m;
    }

    /** How many of a libvirt list's NEWER_THAN_9_0 names start with {@code prefix}. */
    private static int newer(String prefix) {
        return (int) NEWER_THAN_9_0.keySet().stream().filter(n -> n.startsWith(prefix)).count();
    }

    /** The number of words a label function has before it falls back to "unknown" (index 0 may be "unknown"). */
    private static int wordCount(java.util.function.IntFunction<String> label) {
        int n = 1;
        while (!"unknown".equals(label.apply(n))) {
            n++;
        }
        return n;
    }

    private static List<Field> constants(Class<?> c) {
        List<Field> out = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == int.class) {
                out.add(f);
            }
        }
        return out;
    }

    private static long intValue(Field f) {
        try {
            return f.getInt(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The classes of package io.jvirt.api (not its sub-packages), from the build's class folder or jar. */
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(ErrorCode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root.resolve("io/jvirt/api"))) {
                for (Path p : s.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String simple = p.getFileName().toString().replace(".class", "");
                    out.add(Class.forName("io.jvirt.api." + simple.replace('/', '.')));
                }
            }
        } else {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(root.toFile())) {
                for (var en = jar.entries(); en.hasMoreElements();) {
                    String n = en.nextElement().getName();
                    if (n.startsWith("io/jvirt/api/") && n.endsWith(".class") && n.indexOf('/', 13) < 0) {
                        out.add(Class.forName(n.replace('/', '.').replace(".class", "")));
                    }
                }
            }
        }
        return out;
    }
}
