package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.testing.Poll;

/**
 * virt:event as virsh's event: its options, its timeout, the first event, and Ctrl-C. A waiting
 * command is acted on once it has subscribed (its connection signals the subscription), never
 * after a guessed pause.
 */
class EventCommandTest {

    private final Connector connector = TestConsole.connector();
    /** A permit each time a console connection subscribes to events. */
    private final Semaphore subscribed = new Semaphore(0);

    @Test
    void eventChecksItsOptionsAndTimesOut() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("error: one of --list, --all, or --event <type> is required\n", fails(c.run(new Event())));
            assertEquals("error: Options --all and --event are mutually exclusive\n", fails(c.run(new Event(), e -> {
                e.all = true;
                e.event = "lifecycle";
            })));
            assertEquals("error: unknown event type nosuch\n", fails(c.run(new Event(), e -> e.event = "nosuch")));
            assertEquals("lifecycle\n", ok(c.run(new Event(), e -> e.list = true)));
            assertEquals("error: Numeric value 'abc' for <timeout> option is malformed or out of range\n", fails(c.run(new Event(), e -> {
                e.all = true;
                e.timeout = "abc";
            })));
            assertEquals("error: Numeric value '0' for <timeout> option is malformed or out of range\n", fails(c.run(new Event(), e -> {
                e.all = true;
                e.timeout = "0";
            })));
            assertEquals("error: Numeric value '2147484' for <timeout> option is malformed or out of range\n",
                fails(c.run(new Event(), e -> {
                    e.all = true;
                    e.timeout = "2147484";
                })));
            assertEquals("error: failed to get domain 'nosuch'\n", fails(c.run(new Event(), e -> {
                e.all = true;
                e.domain = "nosuch";
                e.timeout = "1";
            })));
        }
        // a node connection of its own: nothing happens to it, so the wait times out
        try (TestConsole c = TestConsole.onNode(connector, ADMIN, false)) {
            assertEquals("event loop timed out\nevents received: 0\n", fails(c.run(new Event(), e -> {
                e.all = true;
                e.timeout = "1";
            })));
        }
    }

    @Test
    void eventPrintsTheFirstEventAsVirsh() throws Exception {
        // test:///default is one host per driver: events of a domain changed through another
        // connection reach the console session's connection
        try (Connection conn = connector.open("test:///default")) {
            Domain d = conn.createXml(DomainChangingCommandsTest.domainXml("jvirt-events"));
            try (TestConsole c = new TestConsole(TestConsole.signallingSubscriptions(connector, subscribed), ADMIN)) {
                AtomicReference<TestConsole.Result> result = new AtomicReference<>();
                Thread waiter = new Thread(() -> result.set(c.run(new Event(), e -> {
                    e.domain = "jvirt-events";
                    e.event = "lifecycle";
                })), "virt:event");
                waiter.start();
                assertTrue(subscribed.tryAcquire(1, TimeUnit.MINUTES), "virt:event subscribed");
                d.suspend();
                waiter.join(TimeUnit.MINUTES.toMillis(1));
                assertFalse(waiter.isAlive(), "virt:event ends after the first event");
                String out = ok(result.get());
                assertTrue(out.matches(
                    "event 'lifecycle' for domain 'jvirt-events': (Suspended Paused|Resumed Unpaused)\nevents received: 1\n"), out);
                assertEquals("event 'lifecycle' for domain 'jvirt-events': Suspended Paused\nevents received: 1\n", out);
            } finally {
                d.destroy();
            }
        }
    }

    @Test
    void eachEventReachesTheUserWhenItHappens() throws Exception {
        // virsh flushes every line it prints (vshPrintVa): a waiting loop's events must not wait for its end
        try (Connection conn = connector.open("test:///default");
             TestConsole c = new TestConsole(TestConsole.signallingSubscriptions(connector, subscribed), ADMIN)) {
            Domain d = conn.createXml(DomainChangingCommandsTest.domainXml("jvirt-live"));
            try {
                AtomicReference<TestConsole.Result> result = new AtomicReference<>();
                Thread waiter = new Thread(() -> result.set(c.run(new Event(), e -> {
                    e.all = true;
                    e.loop = true;
                })), "virt:event");
                waiter.start();
                assertTrue(subscribed.tryAcquire(1, TimeUnit.MINUTES), "virt:event subscribed");
                d.suspend();
                String line = "event 'lifecycle' for domain 'jvirt-live': Suspended Paused\n";
                Poll.until("the event's line on the user's screen while the loop waits", Duration.ofSeconds(30),
                    () -> c.delivered().contains(line), c::delivered);
                waiter.interrupt();
                waiter.join(TimeUnit.MINUTES.toMillis(1));
                assertFalse(waiter.isAlive(), "virt:event ends on the interrupt");
                assertEquals(line + "event loop interrupted\nevents received: 1\n", result.get().output());
                assertFalse(result.get().failed(), String.valueOf(result.get().failure()));
            } finally {
                d.destroy();
            }
        }
    }

    @Test
    void eventLoopEndsOnInterrupt() throws Exception {
        try (TestConsole c = TestConsole.onNode(TestConsole.signallingSubscriptions(connector, subscribed), ADMIN, false)) {
            AtomicReference<TestConsole.Result> result = new AtomicReference<>();
            Thread waiter = new Thread(() -> result.set(c.run(new Event(), e -> {
                e.all = true;
                e.loop = true;
            })), "virt:event");
            waiter.start();
            assertTrue(subscribed.tryAcquire(1, TimeUnit.MINUTES), "virt:event subscribed");
            // Ctrl-C: the console interrupts the thread that runs the command (Gogo's job)
            waiter.interrupt();
            waiter.join(TimeUnit.MINUTES.toMillis(1));
            assertFalse(waiter.isAlive(), "virt:event ends on the interrupt");
            assertEquals("event loop interrupted\nevents received: 0\n", result.get().output(), String.valueOf(result.get().failure()));
            assertTrue(result.get().failed());
        }
    }
}
