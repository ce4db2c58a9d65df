package io.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.function.Executable;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/** Shared helpers: a connector over a fresh driver, an event recorder, error assertions, the node files. */
final class Fixture {

    private Fixture() {
    }

    /** A connector over a new TestDriver, hence a new test:///default host. */
    static Connector connector() {
        return StandaloneConnector.create(null, new TestDriver());
    }

    /** libvirt's sample node files (read in place, never copied into the project). */
    static Path testDriverDir() {
        String prop = System.getProperty("jvirt.conformance.dir");
        Path base = prop != null && Files.isDirectory(Path.of(prop)) ? Path.of(prop) : Path.of("/work/shared/conformance/libvirt");
        return base.resolve("test-driver");
    }

    static VirtException assertError(ErrorCode code, String message, Executable call) {
        VirtException e = assertThrows(VirtException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(message, e.getMessage());
        return e;
    }

    static final String DOMAIN_XML = """
        <domain type='test'>
          <name>%s</name>
          <uuid>%s</uuid>
          <memory>1048576</memory>
          <currentMemory>524288</currentMemory>
          <vcpu current='1'>4</vcpu>
          <os><type>hvm</type></os>
          <devices>
            <disk type='file' device='disk'>
              <source file='/guest/a.img'/>
              <target dev='vda' bus='virtio'/>
            </disk>
          </devices>
        </domain>
        """;

    static String domainXml(String name, String uuid) {
        return DOMAIN_XML.formatted(name, uuid);
    }

    /** Records the events a connection delivers; waits on a queue, never sleeps. */
    static final class Events implements AutoCloseable {
        private final LinkedBlockingQueue<DomainEvent> queue = new LinkedBlockingQueue<>();
        private final io.jvirt.api.Registration reg;

        Events(Connection conn) {
            reg = conn.addDomainEventListener((c, d, e) -> queue.add(e));
        }

        /** The next {@code n} events as "Type Detail name" strings, failing if they do not come. */
        List<String> next(int n) throws InterruptedException {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                DomainEvent e = queue.poll(10, TimeUnit.SECONDS);
                assertTrue(e != null, "event " + (i + 1) + " of " + n + " did not come; got " + out);
                out.add(e.type().label() + " " + e.type().detailLabel(e.detail()) + " " + e.name());
            }
            return out;
        }

        /** Events queued so far, without waiting (after a later event arrived, earlier ones are all there). */
        List<DomainEvent> drain() {
            List<DomainEvent> out = new ArrayList<>();
            queue.drainTo(out);
            return out;
        }

        @Override
        public void close() {
            reg.close();
        }
    }
}
