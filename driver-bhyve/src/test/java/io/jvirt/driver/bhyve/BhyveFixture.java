package io.jvirt.driver.bhyve;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/** The stand-ins and the driver's directories in one temp directory; {@link #close} removes it all. */
final class BhyveFixture implements AutoCloseable {

    final Path tmp;
    final BhyveStandIn bhyve;

    private BhyveFixture(Path tmp, BhyveStandIn bhyve) {
        this.tmp = tmp;
        this.bhyve = bhyve;
    }

    static BhyveFixture create() throws IOException {
        Path tmp = Files.createTempDirectory("jvirt-bhyve-test");
        return new BhyveFixture(tmp, BhyveStandIn.create(tmp.resolve("bin")));
    }

    BhyveSettings settings() {
        return new BhyveSettings(bhyve.bhyve(), bhyve.bhyveload(), bhyve.bhyvectl(), bhyve.grubBhyve(), tmp.resolve("state"),
            tmp.resolve("log"), 30_000, 30_000, 10_000, true, null, tmp.resolve("firmware"));
    }

    /** A small bhyve guest booted by bhyveload from one SATA disk. */
    static String xml(String name, UUID uuid, String devices) {
        return "<domain type='bhyve'>\n"
            + "  <name>" + name + "</name>\n"
            + "  <uuid>" + uuid + "</uuid>\n"
            + "  <memory unit='KiB'>219136</memory>\n"
            + "  <vcpu>1</vcpu>\n"
            + "  <os>\n    <type>hvm</type>\n  </os>\n"
            + "  <devices>\n"
            + "    <disk type='file'>\n      <driver name='file' type='raw'/>\n"
            + "      <source file='/tmp/" + name + ".img'/>\n      <target dev='hda' bus='sata'/>\n    </disk>\n"
            + devices
            + "  </devices>\n"
            + "</domain>\n";
    }

    @Override
    public void close() throws IOException {
        Files.walkFileTree(tmp, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
