package io.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;

/**
 * The polling parameters libvirt's test driver keeps per I/O thread beside the definition
 * (testDomainObjPrivate's iothreads array): filled from the definition only when a node file's
 * domain is parsed, appended by every virDomainAddIOThread, removed by every virDomainDelIOThread,
 * changed by virDomainSetIOThreadParams, and never cleared by a stop; the domstats iothread group
 * reports it. An I/O thread of the definition that is not here has no parameters to change.
 */
final class IoThreadPolls {

    /** The values libvirt's test driver gives a new entry. */
    static final long DEFAULT_POLL_MAX_NS = 32768;

    /** One entry: the thread's id and its polling parameters (unsigned values kept in their bits). */
    static final class Entry {
        final int id;
        long pollMaxNs = DEFAULT_POLL_MAX_NS;
        int pollGrow;
        int pollShrink;

        Entry(int id) {
            this.id = id;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int id) {
        entries.add(new Entry(id));
    }

    /** Removes the first entry of {@code id}, if any. */
    synchronized void remove(int id) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).id == id) {
                entries.remove(i);
                return;
            }
        }
    }

    /** The first entry of {@code id}, or null. */
    synchronized Entry find(int id) {
        for (Entry e : entries) {
            if (e.id == id) {
                return e;
            }
        }
        return null;
    }

    /** A copy of every entry, in order. */
    synchronized List<Entry> snapshot() {
        List<Entry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Entry c = new Entry(e.id);
            c.pollMaxNs = e.pollMaxNs;
            c.pollGrow = e.pollGrow;
            c.pollShrink = e.pollShrink;
            out.add(c);
        }
        return out;
    }
}
