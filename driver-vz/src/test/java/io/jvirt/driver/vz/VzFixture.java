package io.jvirt.driver.vz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.jvirt.api.Connection;
import io.jvirt.core.runtime.StandaloneConnector;

/** A driver over fresh stand-in tools; {@link #close()} removes them and their state. */
final class VzFixture implements AutoCloseable {

    static final String URI = "vz:///system";

    final Path dir;
    final VzStandIn standIn;
    final VzDriver driver;

    private VzFixture(Path dir, VzStandIn standIn, VzDriver driver) {
        this.dir = dir;
        this.standIn = standIn;
        this.driver = driver;
    }

    static VzFixture create() throws IOException {
        Path dir = Files.createTempDirectory("jvirt-vz");
        VzStandIn s = VzStandIn.create(dir.resolve("bin"));
        VzSettings settings = new VzSettings(s.prlctl(), s.prlsrvctl(), Duration.ofSeconds(30), Duration.ofMillis(200));
        return new VzFixture(dir, s, new VzDriver(settings));
    }

    Connection open() {
        return open(URI);
    }

    Connection open(String uri) {
        return StandaloneConnector.create(uri, driver).open(uri);
    }

    /** A disk image file for definitions. */
    Path image(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "not really a ploop image");
        return p;
    }

    static String xml(String name, UUID uuid) {
        return "<domain type='vz'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
            + "<memory unit='KiB'>524288</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>";
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
