package io.jvirt.driver.vbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.jvirt.api.Connection;
import io.jvirt.core.runtime.StandaloneConnector;

/** A driver over a fresh stand-in VBoxManage; {@link #close()} removes the stand-in and its state. */
final class VboxFixture implements AutoCloseable {

    static final String URI = "vbox:///session";

    final Path dir;
    final VBoxStandIn standIn;
    final VboxDriver driver;

    private VboxFixture(Path dir, VBoxStandIn standIn, VboxDriver driver) {
        this.dir = dir;
        this.standIn = standIn;
        this.driver = driver;
    }

    static VboxFixture create() throws IOException {
        Path dir = Files.createTempDirectory("jvirt-vbox");
        VBoxStandIn s = VBoxStandIn.create(dir.resolve("bin"));
        VboxSettings settings = new VboxSettings(s.vboxManage(), Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofMillis(200));
        return new VboxFixture(dir, s, new VboxDriver(settings, false));
    }

    Connection open() {
        return StandaloneConnector.create(URI, driver).open(URI);
    }

    /** A disk image file for definitions (VirtualBox opens only files that exist). */
    Path image(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "not really a VDI");
        return p;
    }

    static String xml(String name, UUID uuid) {
        return "<domain type='vbox'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
            + "<memory unit='KiB'>131072</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>";
    }

    @Override
    public void close() throws IOException {
        standIn.close();
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
