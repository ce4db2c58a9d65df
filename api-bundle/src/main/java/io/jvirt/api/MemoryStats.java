package io.jvirt.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The memory statistics of a running domain ({@code virDomainMemoryStats}): the entries the driver
 * could report, each tag at most once, in the order the driver gave them (virsh prints them in that
 * order). Drivers report what their hypervisor knows; a tag that is missing is unknown, not zero.
 * Immutable.
 *
 * @since 0.2.0
 */
public final class MemoryStats implements Iterable<MemoryStats.Stat> {

    /** One statistic; see {@link MemoryStatTag} for its unit. */
    public record Stat(MemoryStatTag tag, long value) {
    }

    private final List<Stat> stats;

    private MemoryStats(List<Stat> stats) {
        this.stats = Collections.unmodifiableList(stats);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The statistics in the driver's order. */
    public List<Stat> asList() {
        return stats;
    }

    /** The value of {@code tag}, empty when the driver did not report it. */
    public OptionalLong get(MemoryStatTag tag) {
        for (Stat s : stats) {
            if (s.tag() == tag) {
                return OptionalLong.of(s.value());
            }
        }
        return OptionalLong.empty();
    }

    public int size() {
        return stats.size();
    }

    @Override
    public Iterator<Stat> iterator() {
        return stats.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryStats other && other.stats.equals(stats);
    }

    @Override
    public int hashCode() {
        return stats.hashCode();
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "MemoryStats[", "]");
        for (Stat s : stats) {
            j.add(s.tag().label() + "=" + s.value());
        }
        return j.toString();
    }

    /** Collects statistics in the order they are added. */
    public static final class Builder {
        private final List<Stat> stats = new ArrayList<>();
        private final Set<MemoryStatTag> seen = EnumSet.noneOf(MemoryStatTag.class);

        private Builder() {
        }

        /** @throws IllegalArgumentException for a tag added twice or a negative value */
        public Builder add(MemoryStatTag tag, long value) {
            if (tag == null || !seen.add(tag)) {
                throw new IllegalArgumentException("memory statistic " + tag + " given twice (or null)");
            }
            if (value < 0) {
                throw new IllegalArgumentException("memory statistic " + tag + " is negative: " + value);
            }
            stats.add(new Stat(tag, value));
            return this;
        }

        public MemoryStats build() {
            return new MemoryStats(new ArrayList<>(stats));
        }
    }
}
