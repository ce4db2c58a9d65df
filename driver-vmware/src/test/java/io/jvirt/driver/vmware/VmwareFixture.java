package io.jvirt.driver.vmware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import io.jvirt.api.Connection;
import io.jvirt.core.runtime.StandaloneConnector;

/** A driver over a fresh stand-in vmrun; {@link #close()} ends its VMs and removes everything. */
final class VmwareFixture implements AutoCloseable {

    static final String URI = "vmwarews:///session";

    final Path dir;
    final VmrunStandIn standIn;
    final VmwareDriver driver;

    private VmwareFixture(Path dir, VmrunStandIn standIn, VmwareDriver driver) {
        this.dir = dir;
        this.standIn = standIn;
        this.driver = driver;
    }

    static VmwareFixture create() throws IOException {
        Path dir = Files.createTempDirectory("jvirt-vmware");
        VmrunStandIn s = VmrunStandIn.create(dir.resolve("bin"));
        return new VmwareFixture(dir, s, new VmwareDriver(settings(dir, s)));
    }

    static VmwareSettings settings(Path dir, VmrunStandIn s) {
        return new VmwareSettings(s.vmrun(), null, dir.resolve("statedir"), Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofMillis(200));
    }

    Connection open() {
        return open(URI);
    }

    Connection open(String uri) {
        return StandaloneConnector.create(uri, driver).open(uri);
    }

    /** The directory of VM {@code name} (its disk and .vmx go there), made when missing. */
    Path vmDir(String name) {
        Path d = dir.resolve("vms").resolve(name.replace('\n', '_'));
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return d;
    }

    /** A definition whose .vmx goes to {@code vmDir(name)/name.vmx}. */
    String xml(String name, UUID uuid) {
        return xml(name, uuid, vmDir(name).resolve("disk.vmdk").toString(), "");
    }

    static String xml(String name, UUID uuid, String disk, String extraDevices) {
        return "<domain type='vmware'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
            + "<memory unit='KiB'>131072</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os>"
            + "<devices><disk type='file' device='disk'><source file='" + disk + "'/>"
            + "<target dev='sda' bus='scsi'/></disk><graphics type='vnc' autoport='yes'/>" + extraDevices
            + "</devices></domain>";
    }

    Path vmx(String name) {
        return vmDir(name).resolve(name + ".vmx");
    }

    @Override
    public void close() throws IOException {
        standIn.close();
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
