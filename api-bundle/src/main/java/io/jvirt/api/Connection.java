package io.jvirt.api;

import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An open connection to one hypervisor ({@code virConnectPtr}). Thread-safe. Closing it releases
 * the driver-side resources; calls after {@link #close()} fail with INVALID_CONN. When the driver
 * behind a connection goes away (its bundle stopped or uninstalled) every further call fails with
 * NO_CONNECT and the close listeners are told, with reason EOF.
 *
 * <p>Every mutating call on a read-only connection fails with OPERATION_DENIED. Every call a
 * driver does not implement fails with NO_SUPPORT naming libvirt's API function.
 */
@ProviderType
public interface Connection extends AutoCloseable {

    /** The driver's hypervisor type ("TEST", "QEMU", "LXC", ...; {@code virConnectGetType}). */
    String type();

    /** Hypervisor version as major * 1,000,000 + minor * 1,000 + release. */
    long hypervisorVersion();

    /** jvirt's own version, encoded as {@link #hypervisorVersion()}. */
    long libraryVersion();

    /** The host name of the hypervisor host. */
    String hostname();

    /** The canonical URI of this connection. */
    String uri();

    /** The capabilities XML of the hypervisor ({@code virConnectGetCapabilities}). */
    String capabilities();

    /** Facts about the host ({@code virNodeGetInfo}). */
    NodeInfo nodeInfo();

    /**
     * The host's security model ({@code virNodeGetSecurityModel}); NO_SUPPORT where the driver has
     * none to report.
     *
     * @since 0.11.0
     */
    SecurityModel securityModel();

    /**
     * The host's CPUs and which of them are online ({@code virNodeGetCPUMap}). A read.
     *
     * @since 0.7.0
     */
    NodeCpuMap nodeCpuMap();

    /**
     * The host's free memory in bytes ({@code virNodeGetFreeMemory}). A driver that finds none
     * fails (libvirt takes 0 for an error: INTERNAL_ERROR "An error occurred, but the cause is
     * unknown" where the driver said nothing more).
     *
     * @since 0.13.0
     */
    long nodeFreeMemory();

    /**
     * The free memory in bytes of up to {@code maxCells} NUMA cells from {@code startCell}
     * ({@code virNodeGetCellsFreeMemory}); fewer where the host has fewer cells.
     *
     * @throws VirtException INVALID_ARG for a negative start or a count not above zero (libvirt's
     *                       words), or a start past the host's cells (the driver's)
     * @since 0.13.0
     */
    List<Long> nodeCellsFreeMemory(int startCell, int maxCells);

    /**
     * The host's SMBIOS information as libvirt's {@code <sysinfo>} XML ({@code virConnectGetSysinfo}).
     *
     * @since 0.13.0
     */
    String sysinfo();

    /**
     * The CPU statistics of the host ({@code virNodeGetCPUStats}), in the driver's order: of one
     * CPU, or of all together with {@link NodeStat#ALL_CPUS}.
     *
     * @throws VirtException INVALID_ARG for a negative {@code cpuNum} other than -1
     * @since 0.13.0
     */
    List<NodeStat> nodeCpuStats(int cpuNum);

    /**
     * The memory statistics of the host in KiB ({@code virNodeGetMemoryStats}), in the driver's
     * order: of one NUMA cell, or of all together with {@link NodeStat#ALL_CELLS}.
     *
     * @throws VirtException INVALID_ARG for a negative {@code cellNum} other than -1
     * @since 0.13.0
     */
    List<NodeStat> nodeMemoryStats(int cellNum);

    /** The maximum number of virtual CPUs a guest of {@code type} may have (null: the driver's default). */
    int maxVcpus(String type);

    /** Whether the connection is open and its driver still present. Never throws. */
    boolean isAlive();

    boolean isReadOnly();

    /**
     * Whether the connection's traffic is encrypted ({@code virConnectIsEncrypted}): false for a
     * local driver (nothing leaves the host), true for a remote one over TLS (https), false over
     * plain http.
     *
     * @throws VirtException INVALID_CONN after {@link #close()}
     * @since 0.5.0
     */
    boolean isEncrypted();

    /**
     * Whether the connection's traffic is safe from eavesdropping ({@code virConnectIsSecure}): true
     * for a local driver, true for a remote one over TLS (https), false over plain http.
     *
     * @throws VirtException INVALID_CONN after {@link #close()}
     * @since 0.5.0
     */
    boolean isSecure();

    /**
     * Reads a file this connection's user named: a definition to define, a native configuration to
     * convert. jvirt runs with more rights than its users, so the file is read with the rights the
     * connection gives: a read-write connection reads any regular file the process can read, a
     * read-only one only regular files inside the directory the administrator configured
     * ({@code readonly.files.dir} of PID {@code io.jvirt.core}; none configured: no file at all).
     * At most 10 MiB of UTF-8 text. Errors name the file as given and never quote its content.
     *
     * @return the file's text
     * @throws VirtException OPERATION_DENIED when the connection may not read it (said before the
     *                       file system is asked, so it does not tell whether the file exists);
     *                       SYSTEM_ERROR "Failed to open file 'x': No such file or directory" (or
     *                       "Permission denied"), "Failed to read file 'x': not a regular file"
     *                       (or too large, or not UTF-8); INVALID_ARG for an empty name
     * @since 0.3.0
     */
    String readUserFile(String path);

    /**
     * The domains that match every given filter group ({@code virConnectListAllDomains}); no
     * filter lists all domains. Sorted as the driver keeps them (by id, then name, for the core's
     * registry).
     *
     * @return a new list; empty, never null
     */
    List<Domain> listAllDomains(ListFilter... filters);

    /**
     * Statistics of every domain that passes the flags' filters ({@code virConnectGetAllDomainStats}):
     * the groups asked for, none meaning every group the driver reports. A read.
     *
     * @throws VirtException ARGUMENT_UNSUPPORTED with ENFORCE_STATS for a group the driver does not report
     * @since 0.12.0
     */
    List<DomainStatsRecord> allDomainStats(java.util.Set<DomainStatsType> stats, DomainStatsFlag... flags);

    /**
     * Statistics of the given domains ({@code virDomainListGetStats}), in their order, the flags'
     * filters applied to them too; a domain gone meanwhile is left out. A read.
     *
     * @throws VirtException INVALID_ARG for an empty list or a domain of another connection
     * @since 0.12.0
     */
    List<DomainStatsRecord> domainListStats(List<Domain> domains, java.util.Set<DomainStatsType> stats, DomainStatsFlag... flags);

    /** The number of running domains. */
    int numOfDomains();

    /** The number of defined domains that are not running. */
    int numOfDefinedDomains();

    /** @throws VirtException NO_DOMAIN "no domain with matching name 'x'" */
    Domain lookupByName(String name);

    /** @throws VirtException NO_DOMAIN "no domain with matching uuid 'x'" */
    Domain lookupByUuid(UUID uuid);

    /** @throws VirtException INVALID_ARG for a malformed UUID, NO_DOMAIN when none matches */
    Domain lookupByUuidString(String uuid);

    /** @throws VirtException NO_DOMAIN "no domain with matching id N" */
    Domain lookupById(int id);

    /**
     * Defines a persistent domain, or replaces the persistent definition of the domain with the same
     * name and UUID ({@code virDomainDefineXMLFlags}). Returns once the definition is durable.
     *
     * @throws VirtException XML_ERROR for malformed XML, OPERATION_FAILED when the name or UUID is
     *                       taken by another domain, OPERATION_DENIED on a read-only connection
     */
    Domain defineXml(String xml, DefineFlag... flags);

    /**
     * Creates and starts a transient domain ({@code virDomainCreateXML}): it disappears when it stops.
     * With {@link CreateFlag#AUTODESTROY} it is destroyed when this connection closes (the core does
     * this for every driver).
     */
    Domain createXml(String xml, CreateFlag... flags);

    /** Converts a hypervisor-native configuration to domain XML ({@code virConnectDomainXMLFromNative}). */
    String domainXmlFromNative(String nativeFormat, String nativeConfig);

    /** Converts domain XML to a hypervisor-native configuration ({@code virConnectDomainXMLToNative}). */
    String domainXmlToNative(String nativeFormat, String domainXml);

    /** Registers a lifecycle listener for every domain of this connection. */
    Registration addDomainEventListener(DomainEventListener listener);

    /** Registers a lifecycle listener for one domain. */
    Registration addDomainEventListener(Domain domain, DomainEventListener listener);

    // ---------- networks (since 0.5.0) ----------

    /**
     * The networks that match every given filter group ({@code virConnectListAllNetworks}); no
     * filter lists all networks.
     *
     * @return a new list, in the driver's order; empty, never null
     * @since 0.5.0
     */
    List<Network> listAllNetworks(NetworkListFilter... filters);

    /** The number of active networks ({@code virConnectNumOfNetworks}). @since 0.5.0 */
    int numOfNetworks();

    /** The number of inactive persistent networks ({@code virConnectNumOfDefinedNetworks}). @since 0.5.0 */
    int numOfDefinedNetworks();

    /**
     * @throws VirtException NO_NETWORK "no network with matching name 'x'"
     * @since 0.5.0
     */
    Network lookupNetworkByName(String name);

    /**
     * @throws VirtException NO_NETWORK "no network with matching uuid 'x'"
     * @since 0.5.0
     */
    Network lookupNetworkByUuid(UUID uuid);

    /**
     * @throws VirtException INVALID_ARG for a malformed UUID, NO_NETWORK when none matches
     * @since 0.5.0
     */
    Network lookupNetworkByUuidString(String uuid);

    /**
     * Defines a persistent network, or replaces the persistent definition of the network with the
     * same name and UUID ({@code virNetworkDefineXMLFlags}); a running network keeps its live
     * definition until it stops.
     *
     * @throws VirtException XML_ERROR (and libvirt's other parse errors) for bad XML,
     *                       OPERATION_FAILED when the name or UUID is another network's,
     *                       OPERATION_DENIED on a read-only connection
     * @since 0.5.0
     */
    Network defineNetworkXml(String xml, NetworkDefineFlag... flags);

    /**
     * Creates and starts a transient network ({@code virNetworkCreateXMLFlags}): it disappears when
     * it stops.
     *
     * @throws VirtException OPERATION_INVALID "network is already active as 'x'" when a network
     *                       with its name and UUID runs
     * @since 0.5.0
     */
    Network createNetworkXml(String xml, NetworkCreateFlag... flags);

    /** Registers a lifecycle listener for every network of this connection. @since 0.5.0 */
    Registration addNetworkEventListener(NetworkEventListener listener);

    /** Registers a lifecycle listener for one network. @since 0.5.0 */
    Registration addNetworkEventListener(Network network, NetworkEventListener listener);

    // ---------- storage (since 0.6.0) ----------

    /**
     * The storage pools that match every given filter group ({@code virConnectListAllStoragePools});
     * no filter lists all pools.
     *
     * @return a new list, in the driver's order; empty, never null
     * @since 0.6.0
     */
    List<StoragePool> listAllStoragePools(StoragePoolListFilter... filters);

    /** The number of active storage pools ({@code virConnectNumOfStoragePools}). @since 0.6.0 */
    int numOfStoragePools();

    /** The number of inactive persistent storage pools ({@code virConnectNumOfDefinedStoragePools}). @since 0.6.0 */
    int numOfDefinedStoragePools();

    /**
     * @throws VirtException NO_STORAGE_POOL "no storage pool with matching name 'x'"
     * @since 0.6.0
     */
    StoragePool lookupStoragePoolByName(String name);

    /**
     * @throws VirtException NO_STORAGE_POOL "no storage pool with matching uuid 'x'"
     * @since 0.6.0
     */
    StoragePool lookupStoragePoolByUuid(UUID uuid);

    /**
     * @throws VirtException INVALID_ARG for a malformed UUID, NO_STORAGE_POOL when none matches
     * @since 0.6.0
     */
    StoragePool lookupStoragePoolByUuidString(String uuid);

    /**
     * The pool a volume is in ({@code virStoragePoolLookupByVolume}).
     *
     * @throws VirtException NO_STORAGE_POOL "no storage pool with matching name 'x'" when it is gone
     * @since 0.6.0
     */
    StoragePool lookupStoragePoolByVolume(StorageVol volume);

    /**
     * The active pool whose target path is {@code path} ({@code virStoragePoolLookupByTargetPath}).
     *
     * @throws VirtException NO_STORAGE_POOL "no storage pool with matching target path 'x'"
     * @since 0.6.0
     */
    StoragePool lookupStoragePoolByTargetPath(String path);

    /**
     * Defines a persistent storage pool, or replaces the persistent definition of the pool with the
     * same name and UUID ({@code virStoragePoolDefineXML}); a running pool keeps its live
     * definition until it stops.
     *
     * @throws VirtException XML_ERROR (and libvirt's other parse errors) for bad XML,
     *                       OPERATION_FAILED when the name or UUID is another pool's or the pool's
     *                       source is another pool's, OPERATION_DENIED on a read-only connection
     * @since 0.6.0
     */
    StoragePool defineStoragePoolXml(String xml, StoragePoolDefineFlag... flags);

    /**
     * Creates and starts a transient storage pool ({@code virStoragePoolCreateXML}): it disappears
     * when it stops; WITH_BUILD flags build it first.
     *
     * @throws VirtException OPERATION_INVALID "storage pool 'x' is already active" when a pool with
     *                       its name runs
     * @since 0.6.0
     */
    StoragePool createStoragePoolXml(String xml, StoragePoolCreateFlag... flags);

    /**
     * Looks for the sources a pool of {@code type} could use ({@code virConnectFindStoragePoolSources}):
     * a {@code <sources>} document.
     *
     * @param type    a pool type ("logical", "netfs", ...)
     * @param srcSpec a {@code <source>} document narrowing the search (the host to ask), or null
     * @since 0.6.0
     */
    String findStoragePoolSources(String type, String srcSpec);

    /** The storage pool capabilities XML ({@code virConnectGetStoragePoolCapabilities}). @since 0.6.0 */
    String storagePoolCapabilities();

    /**
     * The volume of a key ({@code virStorageVolLookupByKey}).
     *
     * @throws VirtException NO_STORAGE_VOL "no storage vol with matching key x"
     * @since 0.6.0
     */
    StorageVol lookupStorageVolByKey(String key);

    /**
     * The volume of a host path ({@code virStorageVolLookupByPath}).
     *
     * @throws VirtException NO_STORAGE_VOL "no storage vol with matching path 'x'"
     * @since 0.6.0
     */
    StorageVol lookupStorageVolByPath(String path);

    /** Registers a lifecycle listener for every storage pool of this connection. @since 0.6.0 */
    Registration addStoragePoolEventListener(StoragePoolEventListener listener);

    /** Registers a lifecycle listener for one storage pool. @since 0.6.0 */
    Registration addStoragePoolEventListener(StoragePool pool, StoragePoolEventListener listener);

    /** Registers a refresh listener for every storage pool of this connection. @since 0.6.0 */
    Registration addStoragePoolRefreshListener(StoragePoolRefreshListener listener);

    /** Registers a refresh listener for one storage pool. @since 0.6.0 */
    Registration addStoragePoolRefreshListener(StoragePool pool, StoragePoolRefreshListener listener);

    /** Registers a listener told when this connection closes. */
    Registration addCloseListener(CloseListener listener);

    /** Closes the connection; further calls fail with INVALID_CONN. Closing twice does nothing. */
    @Override
    void close();
}
