package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <clock>} element: how the guest clock is offset from the host's, and its timers.
 * A {@code utc}/{@code localtime} clock with a numeric adjustment is read as libvirt does, as a
 * {@code variable} clock with that basis.
 */
public final class ClockDef {

    private String offset = "utc";
    private boolean adjustmentReset;
    private long adjustment;
    private String basis;
    private String timezone;
    private Long start;
    private final List<TimerDef> timers = new ArrayList<>(0);

    /** {@code offset}: utc, localtime, variable, timezone or absolute. */
    public String offset() {
        return offset;
    }

    public ClockDef offset(String offset) {
        this.offset = offset;
        return this;
    }

    /** {@code adjustment='reset'} of a utc or localtime clock. */
    public boolean adjustmentReset() {
        return adjustmentReset;
    }

    public ClockDef adjustmentReset(boolean reset) {
        this.adjustmentReset = reset;
        return this;
    }

    /** The adjustment in seconds of a variable clock. */
    public long adjustment() {
        return adjustment;
    }

    public ClockDef adjustment(long seconds) {
        this.adjustment = seconds;
        return this;
    }

    /** The basis of a variable clock: utc (null means utc) or localtime. */
    public String basis() {
        return basis;
    }

    public ClockDef basis(String basis) {
        this.basis = basis;
        return this;
    }

    /** The time zone of a timezone clock. */
    public String timezone() {
        return timezone;
    }

    public ClockDef timezone(String timezone) {
        this.timezone = timezone;
        return this;
    }

    /** The start time (seconds since the epoch) of an absolute clock, or null. */
    public Long start() {
        return start;
    }

    public ClockDef start(Long start) {
        this.start = start;
        return this;
    }

    /** The {@code <timer>}s (modifiable). */
    public List<TimerDef> timers() {
        return timers;
    }

    /** The timer with this name, or null. */
    public TimerDef timer(String name) {
        for (TimerDef t : timers) {
            if (name.equals(t.name())) {
                return t;
            }
        }
        return null;
    }

    public ClockDef addTimer(TimerDef timer) {
        timers.add(timer);
        return this;
    }

    /** A deep copy. */
    public ClockDef copy() {
        ClockDef c = new ClockDef();
        c.offset = offset;
        c.adjustmentReset = adjustmentReset;
        c.adjustment = adjustment;
        c.basis = basis;
        c.timezone = timezone;
        c.start = start;
        timers.forEach(t -> c.timers.add(t.copy()));
        return c;
    }
}
