package io.jvirt.core.kit.storage;

import java.nio.file.Path;
import java.util.Map;

import io.jvirt.api.storage.StoragePoolDef;
import io.jvirt.api.storage.StoragePoolXml;
import io.jvirt.core.kit.StateStore;

/**
 * Where a {@link StorageHost} keeps what survives a restart, as libvirt's storage driver keeps its
 * files under /etc/libvirt/storage and /run/libvirt/storage: the persistent definitions and
 * autostart marks ({@code <root>/config}, {@code <root>/autostart}) and the live definitions of the
 * running pools ({@code <root>/running/config}), each written atomically through {@link StateStore}.
 *
 * @since 1.0.0
 */
public final class StoragePoolStore {

    private final StateStore persistent;
    private final StateStore running;

    public StoragePoolStore(Path root) {
        this.persistent = new StateStore(root);
        this.running = new StateStore(root.resolve("running"));
    }

    public Path root() {
        return persistent.root();
    }

    void saveConfig(StoragePoolDef def) {
        StateStore.checkName(def.name());
        persistent.saveConfig(def.name(), StoragePoolXml.format(def));
    }

    void deleteConfig(String name) {
        persistent.setAutostart(name, false);
        persistent.deleteConfig(name);
    }

    void saveAutostart(String name, boolean autostart) {
        persistent.setAutostart(name, autostart);
    }

    void saveRunning(StoragePoolDef live) {
        StateStore.checkName(live.name());
        running.saveConfig(live.name(), StoragePoolXml.format(live));
    }

    void deleteRunning(String name) {
        running.deleteConfig(name);
    }

    /** Every persistent definition that parses, by name; a file that does not stays unloaded (and is logged). */
    Map<String, String> configs() {
        return persistent.loadConfigs((name, xml) -> StoragePoolXml.parse(xml));
    }

    /** The live definitions of the pools that ran, by name. */
    Map<String, String> running() {
        return running.loadConfigs((name, xml) -> StoragePoolXml.parse(xml));
    }

    boolean isAutostart(String name) {
        return persistent.isAutostart(name);
    }
}
