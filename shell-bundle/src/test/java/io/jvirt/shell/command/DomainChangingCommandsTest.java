package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connector;

/**
 * Commands that change domains, with virsh's words and error lines: the lifecycle, define and
 * create from files, memory and vCPUs, devices and native formats; against a private copy of
 * libvirt's node file.
 */
class DomainChangingCommandsTest {

    private final Connector connector = TestConsole.connector();

    @TempDir
    Path dir;

    private TestConsole node() {
        return TestConsole.onNode(connector, ADMIN, false);
    }

    static String domainXml(String name) {
        return "<domain type='test'><name>" + name + "</name><uuid>" + java.util.UUID.nameUUIDFromBytes(name.getBytes())
            + "</uuid><memory unit='KiB'>65536</memory><vcpu>1</vcpu>"
            + "<os><type>hvm</type></os></domain>\n";
    }

    @Test
    void lifecycle() {
        try (TestConsole c = node()) {
            assertEquals("Domain 'fc4' suspended\n", ok(c.run(on(new Suspend(), "fc4"))));
            assertEquals("paused (user)\n", ok(c.run(on(new DomState(), "fc4"), x -> x.reason = true)));
            assertEquals("Domain 'fc4' resumed\n", ok(c.run(on(new Resume(), "fc4"))));
            String out = fails(c.run(on(new Resume(), "fc4")));
            assertTrue(out.startsWith("error: Failed to resume domain 'fc4'\nerror: "), out);
            assertEquals("Domain 'fc4' is being rebooted\n", ok(c.run(on(new Reboot(), "fc4"))));
            assertEquals("Domain 'fc4' was reset\n", ok(c.run(on(new Reset(), "fc4"))));
            assertEquals("Domain 'fv0' is being shutdown\n", ok(c.run(on(new Shutdown(), "fv0"))));
            assertEquals("shut off\n", ok(c.run(on(new DomState(), "fv0"))));
            out = fails(c.run(on(new Suspend(), "fv0")));
            assertTrue(out.startsWith("error: Failed to suspend domain 'fv0'\nerror: "), out);
            assertEquals("Domain 'fv0' started\n", ok(c.run(on(new Start(), "fv0"), x -> x.paused = true)));
            assertEquals("paused\n", ok(c.run(on(new DomState(), "fv0"))));
            assertEquals("error: Domain is already active\n", fails(c.run(on(new Start(), "fv0"))));
            // as virsh, start takes a name or a UUID, not an id
            assertEquals("error: failed to get domain '1'\n", fails(c.run(on(new Start(), "1"))));
            assertEquals("Domain 'fv0' destroyed\n", ok(c.run(on(new Destroy(), "fv0"))));
            assertEquals("Domain 'fc5' destroyed\n", ok(c.run(on(new Destroy(), "fc5"), x -> x.graceful = true)));
            assertEquals("Domain 'fc5' started\n", ok(c.run(on(new Start(), "fc5"))));
            assertEquals("Domain 'fc5' marked as autostarted\n", ok(c.run(on(new Autostart(), "fc5"))));
            assertTrue(ok(c.run(on(new DomInfo(), "fc5"))).contains("Autostart:      enable\n"));
            assertEquals("Domain 'fc5' unmarked as autostarted\n", ok(c.run(on(new Autostart(), "fc5"), x -> x.disable = true)));
            assertEquals("Domain 'fv0' has been undefined\n", ok(c.run(on(new Undefine(), "fv0"))));
            assertEquals("error: failed to get domain 'fv0'\n", fails(c.run(on(new Start(), "fv0"))));
            assertEquals("error: failed to get domain 'nosuch'\n", fails(c.run(on(new Destroy(), "nosuch"))));
        }
    }

    @Test
    void defineCreateAndUndefineFromFiles() throws IOException {
        Path xml = Files.writeString(dir.resolve("new.xml"), domainXml("jvirt-new"));
        Path transientXml = Files.writeString(dir.resolve("transient.xml"), domainXml("jvirt-transient"));
        Path bad = Files.writeString(dir.resolve("bad.xml"), "<domain type='test'><name>x</name>");
        try (TestConsole c = node()) {
            assertEquals("Domain 'jvirt-new' defined from " + xml + "\n", ok(c.run(new Define(), x -> x.file = xml.toString())));
            assertEquals("Domain 'jvirt-new' defined from " + xml + "\n", ok(c.run(new Define(), x -> {
                x.file = xml.toString();
                x.validate = true;
            })));
            assertEquals("shut off\n", ok(c.run(on(new DomState(), "jvirt-new"))));
            assertEquals("Domain 'jvirt-transient' created from " + transientXml + "\n", ok(c.run(new Create(), x -> {
                x.file = transientXml.toString();
                x.paused = true;
            })));
            assertEquals("paused\n", ok(c.run(on(new DomState(), "jvirt-transient"))));
            assertTrue(ok(c.run(on(new DomInfo(), "jvirt-transient"))).contains("Persistent:     no\n"));
            ok(c.run(on(new Destroy(), "jvirt-transient")));
            assertEquals("error: failed to get domain 'jvirt-transient'\n", fails(c.run(on(new DomState(), "jvirt-transient"))));
            assertEquals("Domain 'jvirt-new' has been undefined\n", ok(c.run(on(new Undefine(), "jvirt-new"))));
            assertEquals("error: Failed to open file '" + dir.resolve("none.xml") + "': No such file or directory\n",
                fails(c.run(new Define(), x -> x.file = dir.resolve("none.xml").toString())));
            String out = fails(c.run(new Define(), x -> x.file = bad.toString()));
            assertTrue(out.startsWith("error: Failed to define domain from " + bad + "\nerror: "), out);
            out = fails(c.run(new Create(), x -> x.file = bad.toString()));
            assertTrue(out.startsWith("error: Failed to create domain from " + bad + "\nerror: "), out);
        }
    }

    @Test
    void memoryAndVcpus() {
        try (TestConsole c = node()) {
            assertEquals("", ok(c.run(on(new SetMem(), "fc4"), x -> x.size = "100000")));
            assertTrue(ok(c.run(on(new DomInfo(), "fc4"))).contains("Used memory:    100000 KiB\n"));
            assertEquals("", ok(c.run(on(new SetMem(), "fc4"), x -> {
                x.current = true;
                x.size = "128M";
            })));
            assertTrue(ok(c.run(on(new DomInfo(), "fc4"))).contains("Used memory:    131072 KiB\n"));
            assertEquals("error: Scaled numeric value 'lots' for <size> option is malformed or out of range\n",
                fails(c.run(on(new SetMem(), "fc4"), x -> x.size = "lots")));
            assertEquals("error: Options --current and --live are mutually exclusive\n", fails(c.run(on(new SetMem(), "fc4"), x -> {
                x.current = true;
                x.live = true;
                x.size = "1000";
            })));
            String out = fails(c.run(on(new SetMem(), "fc4"), x -> x.size = "999999999"));
            assertTrue(out.startsWith("error: ") && !out.contains("\nerror: "), out);

            ok(c.run(on(new Destroy(), "fc5")));
            assertEquals("", ok(c.run(on(new SetMaxMem(), "fc5"), x -> x.size = "3000000")));
            assertTrue(ok(c.run(on(new DomInfo(), "fc5"))).contains("Max memory:     3000000 KiB\n"));
            assertEquals("", ok(c.run(on(new SetMaxMem(), "fc5"), x -> {
                x.config = true;
                x.size = "2G";
            })));
            assertTrue(ok(c.run(on(new DomInfo(), "fc5"))).contains("Max memory:     2097152 KiB\n"));

            assertEquals("", ok(c.run(on(new SetVcpus(), "fc5"), x -> {
                x.config = true;
                x.count = "2";
            })));
            assertTrue(ok(c.run(on(new DomInfo(), "fc5"))).contains("CPU(s):         2\n"));
            assertEquals("", ok(c.run(on(new SetVcpus(), "fc5"), x -> {
                x.config = true;
                x.maximum = true;
                x.count = "3";
            })));
            assertEquals("error: Numeric value 'two' for <count> option is malformed or out of range\n",
                fails(c.run(on(new SetVcpus(), "fc5"), x -> x.count = "two")));
            out = fails(c.run(on(new SetVcpus(), "fc5"), x -> x.count = "0"));
            assertTrue(out.startsWith("error: "), out);
        }
    }

    @Test
    void devicesAndNativeFormats() throws IOException {
        Path disk = Files.writeString(dir.resolve("disk.xml"),
            "<disk type='file' device='disk'><source file='/tmp/x.img'/><target dev='vdb' bus='virtio'/></disk>");
        Path argv = Files.writeString(dir.resolve("argv"), "qemu-system-x86_64 -m 64 -name x\n");
        try (TestConsole c = node()) {
            String out = c.run(on(new AttachDevice(), "fc4"), x -> {
                x.config = true;
                x.file = disk.toString();
            }).output();
            assertTrue(out.equals("Device attached successfully\n")
                || out.startsWith("error: Failed to attach device from " + disk + "\nerror: "), out);
            out = c.run(on(new DetachDevice(), "fc4"), x -> {
                x.persistent = true;
                x.file = disk.toString();
            }).output();
            assertTrue(out.equals("Device detached successfully\n")
                || out.startsWith("error: Failed to detach device from " + disk + "\nerror: "), out);
            assertEquals("error: Options --persistent and --current are mutually exclusive\n",
                fails(c.run(on(new AttachDevice(), "fc4"), x -> {
                    x.persistent = true;
                    x.current = true;
                    x.file = disk.toString();
                })));
            assertEquals("error: failed to get domain 'nosuch'\n", fails(c.run(on(new AttachDevice(), "nosuch"), x -> x.file = disk.toString())));

            out = c.run(new DomXmlFromNative(), x -> {
                x.format = "qemu-argv";
                x.config = argv.toString();
            }).output();
            assertTrue(out.startsWith("<domain") || out.startsWith("error: "), out);
            out = c.run(new DomXmlToNative(), x -> {
                x.domain = "fc4";
                x.format = "qemu-argv";
            }).output();
            assertTrue(!out.isEmpty(), out);
            assertEquals("error: need either domain or domain XML\n", fails(c.run(new DomXmlToNative(), x -> x.format = "qemu-argv")));
            assertEquals("error: Options --domain and --xml are mutually exclusive\n", fails(c.run(new DomXmlToNative(), x -> {
                x.domain = "fc4";
                x.xmlOption = disk.toString();
                x.format = "qemu-argv";
            })));
            assertEquals("error: failed to get domain 'nosuch'\n", fails(c.run(new DomXmlToNative(), x -> {
                x.domain = "nosuch";
                x.format = "qemu-argv";
            })));
        }
    }
}
