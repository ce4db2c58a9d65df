package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

import io.jvirt.core.kit.net.NetworkHostConnection;
import io.jvirt.core.kit.storage.StorageHostConnection;
import io.jvirt.core.runtime.DriverFunctions;
import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.driver.network.LinuxNetworkDriver;
import io.jvirt.driver.storage.LinuxStorageDriver;

/**
 * docs/SUPPORT.md, the support matrix, is made from the code: which of libvirt's API functions
 * (libvirt 9.0's own description, libvirt-api.xml from Debian's libvirt-dev) jvirt's API reaches,
 * and which each driver implements (the SPI entry points its connection class overrides). This test
 * fails when the document and the code differ, printing the document the code makes; run it with
 * {@code -Djvirt.support.write=true} (or JVIRT_SUPPORT_WRITE=true in the environment) to write it.
 */
public class SupportMatrixIT {

    static final Path DOC = Path.of("../docs/SUPPORT.md");
    static final Path API_XML = Path.of("/usr/share/libvirt/api/libvirt-api.xml");

    /**
     * libvirt functions jvirt's API answers in the core itself, not through a driver entry point
     * (handles, connection facts, event and close callbacks, lookups by UUID string), or through one
     * every driver answers (isAlive, isEncrypted and isSecure have answering defaults).
     */
    static final List<String> CORE_FUNCTIONS = List.of("virConnectOpen", "virConnectOpenReadOnly", "virConnectOpenAuth",
        "virConnectClose", "virConnectIsAlive", "virConnectIsEncrypted", "virConnectIsSecure", "virConnectGetLibVersion",
        "virConnectGetType",
        "virDomainGetName", "virDomainGetUUID", "virDomainGetUUIDString", "virDomainGetID", "virDomainGetConnect",
        "virDomainLookupByUUIDString", "virConnectDomainEventDeregisterAny",
        "virConnectRegisterCloseCallback", "virConnectUnregisterCloseCallback",
        // networks: handles, lookups by UUID string, event deregistration, and the flag-less define and
        // create, which reach the same entry points as their *Flags variants
        "virNetworkGetName", "virNetworkGetUUID", "virNetworkGetUUIDString", "virNetworkGetConnect",
        "virNetworkLookupByUUIDString", "virConnectNetworkEventDeregisterAny", "virNetworkDefineXML",
        "virNetworkCreateXML",
        // storage: handles, lookups by UUID string, event deregistration, and the calls that reach the
        // same entry points as their fuller variants (virStorageVolWipe: WipePattern with ZERO,
        // virStorageVolGetInfo: GetInfoFlags with 0)
        "virStoragePoolGetName", "virStoragePoolGetUUID", "virStoragePoolGetUUIDString", "virStoragePoolGetConnect",
        "virStoragePoolLookupByUUIDString", "virConnectStoragePoolEventDeregisterAny", "virStorageVolGetName",
        "virStorageVolGetKey", "virStorageVolGetConnect", "virStorageVolWipe", "virStorageVolGetInfo");

    /** The drivers in the matrix, as they register. */
    static Map<String, HypervisorDriver> drivers() {
        Map<String, HypervisorDriver> d = new LinkedHashMap<>();
        d.put("test", new io.jvirt.driver.test.TestDriver());
        d.put("qemu", new io.jvirt.driver.qemu.QemuDriver());
        d.put("lxc", new io.jvirt.driver.lxc.LxcDriver());
        d.put("esx", new io.jvirt.driver.esx.EsxDriver());
        d.put("xen", new io.jvirt.driver.xen.XenDriver());
        d.put("bhyve", new io.jvirt.driver.bhyve.BhyveDriver());
        d.put("hyperv", new io.jvirt.driver.hyperv.HypervDriver());
        d.put("phyp", new io.jvirt.driver.phyp.PhypDriver());
        d.put("vbox", new io.jvirt.driver.vbox.VboxDriver());
        d.put("vmware", new io.jvirt.driver.vmware.VmwareDriver());
        d.put("vz", new io.jvirt.driver.vz.VzDriver());
        // libvirt's remote driver: what it implements, the far side decides whether it serves
        d.put("remote", new io.jvirt.driver.remote.RemoteDriver());
        return d;
    }

    /**
     * The functions a driver of other drivers' objects serves for a hypervisor driver's connections
     * (the core routes a connection's network calls there when its own driver has none):
     * driver-network's, for the URI schemes it serves by default.
     */
    static Map<String, Set<String>> servedFor() {
        Map<String, Set<String>> served = new LinkedHashMap<>();
        Set<String> networks = DriverFunctions.implementedBy(NetworkHostConnection.class);
        for (String scheme : networkSchemes()) {
            served.computeIfAbsent(scheme, k -> new TreeSet<>()).addAll(networks);
        }
        Set<String> storage = DriverFunctions.implementedBy(StorageHostConnection.class);
        for (String scheme : storageSchemes()) {
            served.computeIfAbsent(scheme, k -> new TreeSet<>()).addAll(storage);
        }
        return served;
    }

    /** driver-network's default {@code schemes}, read from its configuration type (not repeated here). */
    static List<String> networkSchemes() {
        return defaultSchemes(LinuxNetworkDriver.Config.class);
    }

    /** driver-storage's default {@code schemes}, likewise. */
    static List<String> storageSchemes() {
        return defaultSchemes(LinuxStorageDriver.Config.class);
    }

    private static List<String> defaultSchemes(Class<?> config) {
        try {
            return List.of((String[]) config.getMethod("schemes").getDefaultValue());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> libvirtFunctions() throws IOException {
        if (!Files.isRegularFile(API_XML)) {
            throw io.jvirt.api.testing.Prerequisite.missing(
                "libvirt's API description is not installed at " + API_XML + " (Debian's libvirt-dev)");
        }
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("<function name='(vir\\w+)'").matcher(Files.readString(API_XML));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static String document() throws IOException {
        Set<String> libvirt = libvirtFunctions();
        List<String> spi = DriverFunctions.all();
        Set<String> reached = new TreeSet<>(spi);
        reached.addAll(CORE_FUNCTIONS);
        Map<String, Set<String>> implemented = new LinkedHashMap<>();
        Map<String, Set<String>> served = servedFor();
        drivers().forEach((name, d) -> {
            Set<String> fns = new TreeSet<>(DriverFunctions.implementedBy(d.connectionType()));
            fns.addAll(served.getOrDefault(name, Set.of()));
            implemented.put(name, fns);
        });

        StringBuilder b = new StringBuilder();
        b.append("# Support matrix\n\n");
        b.append("Generated from the code by `itests/src/test/java/io/jvirt/itests/SupportMatrixIT.java` (which fails when\n");
        b.append("this file and the code differ; `-Djvirt.support.write=true` rewrites it). The reference is libvirt 9.0's\n");
        b.append("own description of its API (`/usr/share/libvirt/api/libvirt-api.xml`, Debian's libvirt-dev).\n\n");
        b.append("- libvirt 9.0 has ").append(libvirt.size()).append(" public API functions.\n");
        b.append("- jvirt's API reaches ").append(reached.size()).append(" of them: ").append(spi.size())
            .append(" through driver entry points (below) and ").append(CORE_FUNCTIONS.size())
            .append(" answered by the core itself (handles, connection facts, callbacks).\n");
        implemented.forEach((name, fns) -> b.append("- `").append(name).append("` implements ").append(fns.size())
            .append(" of the ").append(spi.size()).append(" driver functions.\n"));
        b.append("- ").append(String.join(", ", networkSchemes().stream().map(n -> "`" + n + "`").toList()))
            .append(" count the network functions the network driver (`driver-network`) serves for their connections.\n");
        b.append("- ").append(String.join(", ", storageSchemes().stream().map(n -> "`" + n + "`").toList()))
            .append(" count the storage functions the storage driver (`driver-storage`) serves for their connections.\n");
        b.append("\n| libvirt function |");
        implemented.keySet().forEach(n -> b.append(' ').append(n).append(" |"));
        b.append("\n| --- |");
        implemented.keySet().forEach(n -> b.append(" :-: |"));
        b.append('\n');
        for (String f : spi) {
            b.append("| `").append(f).append("` |");
            implemented.values().forEach(fns -> b.append(fns.contains(f) ? " yes |" : "  |"));
            b.append('\n');
        }
        b.append("\nAnswered by the core for every driver: ");
        for (int i = 0; i < CORE_FUNCTIONS.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('`').append(CORE_FUNCTIONS.get(i)).append('`');
        }
        b.append(".\n");
        return b.toString();
    }

    @Test
    public void everyFunctionTheMatrixNamesIsLibvirts() throws IOException {
        Set<String> libvirt = libvirtFunctions();
        Set<String> unknown = new TreeSet<>(DriverFunctions.all());
        unknown.addAll(CORE_FUNCTIONS);
        unknown.removeAll(libvirt);
        assertEquals("functions jvirt names that libvirt 9.0 does not have", Set.of(), unknown);
        assertTrue(libvirt.size() > 500);
    }

    @Test
    public void theSupportMatrixInTheDocsIsTheOneTheCodeMakes() throws IOException {
        String made = document();
        if (Boolean.getBoolean("jvirt.support.write") || "true".equals(System.getenv("JVIRT_SUPPORT_WRITE"))) {
            Files.writeString(DOC, made, StandardCharsets.UTF_8);
        }
        String doc = Files.isRegularFile(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        assertEquals("docs/SUPPORT.md is out of date; rerun with -Djvirt.support.write=true. The code makes:\n" + made,
            made, doc);
    }
}
