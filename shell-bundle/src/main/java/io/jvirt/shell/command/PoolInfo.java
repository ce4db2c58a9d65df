package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StoragePoolState;
import io.jvirt.api.VirtException;

/**
 * virsh's pool-info: name and UUID, then, when the pool's info can be had, its state, persistence,
 * autostart and (running or degraded pools only) its sizes, pretty or in bytes.
 */
@Command(scope = "virt", name = "pool-info", description = "storage pool information")
@Service
public class PoolInfo extends PoolFlagsCommand {

    @Option(name = "--bytes", description = "Return pool info in bytes")
    boolean bytes;

    @Override
    protected void run() throws Exception {
        StoragePool p = lookupPool();
        field("Name:", p.name());
        field("UUID:", p.uuidString());
        StoragePoolInfo info = p.info(); // its failure is virsh's single libvirt line
        field("State:", info.state().label());
        String persistent;
        try {
            persistent = p.isPersistent() ? "yes" : "no";
        } catch (VirtException e) {
            persistent = "unknown";
        }
        field("Persistent:", persistent);
        String autostart;
        try {
            autostart = p.autostart() ? "yes" : "no";
        } catch (VirtException e) {
            autostart = "no autostart";
        }
        field("Autostart:", autostart);
        if (info.state() == StoragePoolState.RUNNING || info.state() == StoragePoolState.DEGRADED) {
            field("Capacity:", size(info.capacity()));
            field("Allocation:", size(info.allocation()));
            field("Available:", size(info.available()));
        }
    }

    private String size(long value) {
        return bytes ? StorageSizes.bytes(value) : StorageSizes.pretty(value);
    }

    private void field(String label, String value) {
        out().printf("%-15s %s%n", label, value);
    }
}
