package io.jvirt.driver.xen;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/** A stand-in xl and the driver's directories in one temp directory; {@link #close} removes it all. */
final class XenFixture implements AutoCloseable {

    final Path tmp;
    final XlStandIn xl;

    private XenFixture(Path tmp, XlStandIn xl) {
        this.tmp = tmp;
        this.xl = xl;
    }

    static XenFixture create() throws IOException {
        Path tmp = Files.createTempDirectory("jvirt-xen-test");
        return new XenFixture(tmp, XlStandIn.create(tmp));
    }

    XenSettings settings() {
        return new XenSettings(xl.xl(), tmp.resolve("cfg"), tmp.resolve("state"), 60_000, 100, true);
    }

    /** The smallest PV guest xl runs. */
    static String xml(String name, UUID uuid, String devices) {
        return "<domain type='xen'>\n"
            + "  <name>" + name + "</name>\n"
            + "  <uuid>" + uuid + "</uuid>\n"
            + "  <memory unit='KiB'>65536</memory>\n"
            + "  <vcpu>1</vcpu>\n"
            + "  <os>\n    <type arch='x86_64' machine='xenpv'>linux</type>\n    <kernel>/boot/vmlinuz-xen</kernel>\n  </os>\n"
            + "  <devices>" + devices + "</devices>\n"
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
