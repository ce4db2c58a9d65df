package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <idmap>} element of a container: user and group id ranges of its user namespace,
 * each sorted by {@code start} as libvirt keeps them.
 */
public final class IdMapDef {

    /**
     * One range: container ids {@code start..start+count-1} are host ids {@code target..}.
     *
     * @param start  the first id inside the container
     * @param target the first id on the host
     * @param count  the number of ids
     */
    public record Entry(long start, long target, long count) {
    }

    private final List<Entry> uids = new ArrayList<>(1);
    private final List<Entry> gids = new ArrayList<>(1);

    /** The {@code <uid>} ranges (modifiable). */
    public List<Entry> uids() {
        return uids;
    }

    /** The {@code <gid>} ranges (modifiable). */
    public List<Entry> gids() {
        return gids;
    }

    public IdMapDef uid(long start, long target, long count) {
        uids.add(new Entry(start, target, count));
        return this;
    }

    public IdMapDef gid(long start, long target, long count) {
        gids.add(new Entry(start, target, count));
        return this;
    }

    /** A deep copy (entries are immutable). */
    public IdMapDef copy() {
        IdMapDef c = new IdMapDef();
        c.uids.addAll(uids);
        c.gids.addAll(gids);
        return c;
    }
}
