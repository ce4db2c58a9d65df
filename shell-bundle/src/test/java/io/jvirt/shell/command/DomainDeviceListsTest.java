package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.VIEWER;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.on;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connector;
import io.jvirt.api.testing.BoundedProcess;
import io.jvirt.api.testing.Prerequisite;

/**
 * domblklist and domiflist, compared with real virsh 9.0 (Debian's libvirt-clients) on libvirt's own
 * test driver: the same node file read by both, the same command, the same output.
 */
class DomainDeviceListsTest {

    private final Connector connector = TestConsole.connector();

    @TempDir
    Path tmp;

    /** virsh's output (stdout and stderr) for {@code command} on libvirt's own test driver at {@code uri}. */
    private String virsh(String uri, String command) throws Exception {
        Path virsh = Path.of("/usr/bin/virsh");
        Prerequisite.require(Files.isExecutable(virsh), "virsh (libvirt-clients) is not installed");
        ProcessBuilder pb = new ProcessBuilder(virsh.toString(), "-c", uri, command);
        pb.environment().putAll(Map.of("HOME", tmp.toString(), "LC_ALL", "C"));
        return BoundedProcess.run(pb, Duration.ofSeconds(60)).output();
    }

    /**
     * The console's output of {@code words} (the command's options and domain) with {@code command},
     * and the blank line virsh prints after each command's output.
     */
    private static String console(TestConsole c, DomainCommand command, String words) {
        return ok(c.run(typed(command, words))) + "\n";
    }

    @Test
    void theDefaultDomainAsVirshListsIt() throws Exception {
        try (TestConsole c = new TestConsole(connector, VIEWER)) {
            for (String words : new String[] {"test", "test --details", "test --inactive"}) {
                assertEquals(virsh("test:///default", "domblklist " + words), console(c, new DomBlkList(), words), words);
            }
            assertEquals(virsh("test:///default", "domiflist test"), console(c, new DomIfList(), "test"));
            assertEquals("error: failed to get domain 'nosuch'\n", fails(c.run(on(new DomBlkList(), "nosuch"))));
        }
    }

    @Test
    void everyKindOfSourceAsVirshNamesIt() throws Exception {
        Path node = tmp.resolve("node.xml");
        Files.writeString(node, """
            <node>
              <domain type='test'>
                <name>kinds</name>
                <memory>65536</memory>
                <os><type>hvm</type></os>
                <devices>
                  <disk type='file' device='disk'><source file='/var/a.img'/><target dev='vda' bus='virtio'/></disk>
                  <disk type='block' device='disk'><source dev='/dev/sdz'/><target dev='vdb' bus='virtio'/></disk>
                  <disk type='dir' device='disk'><source dir='/srv/dir'/><target dev='hdb' bus='ide'/></disk>
                  <disk type='network' device='disk'><source protocol='nbd' name='export1'><host name='h' port='10809'/></source>
                    <target dev='vdc' bus='virtio'/></disk>
                  <disk type='volume' device='disk'><source pool='default' volume='vol1'/><target dev='vdd' bus='virtio'/></disk>
                  <disk type='nvme' device='disk'><source type='pci' managed='yes' namespace='1'>
                    <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source><target dev='vde' bus='virtio'/></disk>
                  <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>
                  <interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='br0'/><model type='virtio'/></interface>
                  <interface type='network'><mac address='52:54:00:00:00:02'/><source network='default'/>
                    <target dev='vnet7'/></interface>
                  <interface type='direct'><mac address='52:54:00:00:00:03'/><source dev='eth0' mode='vepa'/><model type='e1000'/></interface>
                  <interface type='user'><mac address='52:54:00:00:00:04'/></interface>
                  <interface type='vhostuser'><mac address='52:54:00:00:00:05'/><source type='unix' path='/run/vu.sock' mode='server'/>
                    <model type='virtio'/></interface>
                </devices>
              </domain>
            </node>
            """);
        String uri = "test://" + node;
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            ok(c.run(new Connect(), x -> x.uri = uri));
            for (String words : new String[] {"kinds", "kinds --details", "kinds --inactive --details"}) {
                String ours = console(c, new DomBlkList(), words);
                assertEquals(virsh(uri, "domblklist " + words), ours, words);
            }
            String ifaces = console(c, new DomIfList(), "kinds");
            assertEquals(virsh(uri, "domiflist kinds"), ifaces);
            assertTrue(ifaces.contains("/run/vu.sock") && ifaces.contains(" -   "), ifaces);
            assertTrue(console(c, new DomBlkList(), "kinds").contains("nvme://0000:01:00.0/1"));
        }
    }
}
