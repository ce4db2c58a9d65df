package io.jvirt.api.domain;

/** A {@code <clock><timer>}: platform, pit, rtc, hpet, tsc, kvmclock, hypervclock or armvtimer. */
public final class TimerDef {

    private String name;
    private Boolean present;
    private String tickpolicy;
    private String track;
    private Long frequency;
    private String mode;
    private Long catchupThreshold;
    private Long catchupSlew;
    private Long catchupLimit;

    public TimerDef() {
    }

    public TimerDef(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public TimerDef name(String name) {
        this.name = name;
        return this;
    }

    /** {@code present} (yes/no), or null. */
    public Boolean present() {
        return present;
    }

    public TimerDef present(Boolean present) {
        this.present = present;
        return this;
    }

    /** {@code tickpolicy}: delay, catchup, merge, discard; or null. */
    public String tickpolicy() {
        return tickpolicy;
    }

    public TimerDef tickpolicy(String tickpolicy) {
        this.tickpolicy = tickpolicy;
        return this;
    }

    /** {@code track}: boot, guest, wall, realtime; or null. */
    public String track() {
        return track;
    }

    public TimerDef track(String track) {
        this.track = track;
        return this;
    }

    /** {@code frequency} in Hz (tsc), or null. */
    public Long frequency() {
        return frequency;
    }

    public TimerDef frequency(Long frequency) {
        this.frequency = frequency;
        return this;
    }

    /** {@code mode}: auto, native, emulate, paravirt, smpsafe; or null. */
    public String mode() {
        return mode;
    }

    public TimerDef mode(String mode) {
        this.mode = mode;
        return this;
    }

    /** {@code catchup@threshold}, or null. */
    public Long catchupThreshold() {
        return catchupThreshold;
    }

    public TimerDef catchupThreshold(Long v) {
        this.catchupThreshold = v;
        return this;
    }

    /** {@code catchup@slew}, or null. */
    public Long catchupSlew() {
        return catchupSlew;
    }

    public TimerDef catchupSlew(Long v) {
        this.catchupSlew = v;
        return this;
    }

    /** {@code catchup@limit}, or null. */
    public Long catchupLimit() {
        return catchupLimit;
    }

    public TimerDef catchupLimit(Long v) {
        this.catchupLimit = v;
        return this;
    }

    public TimerDef copy() {
        TimerDef c = new TimerDef(name);
        c.present = present;
        c.tickpolicy = tickpolicy;
        c.track = track;
        c.frequency = frequency;
        c.mode = mode;
        c.catchupThreshold = catchupThreshold;
        c.catchupSlew = catchupSlew;
        c.catchupLimit = catchupLimit;
        return c;
    }
}
