package io.jvirt.api.domain;

/** A {@code <watchdog>}: its model (i6300esb, ib700, diag288, itco) and the action when it fires. */
public final class WatchdogDef extends BasicDeviceDef {

    private String model;
    private String action;

    /** {@code watchdog@model}. */
    public String model() {
        return model;
    }

    public WatchdogDef model(String model) {
        this.model = model;
        return this;
    }

    /** {@code watchdog@action}: reset, shutdown, poweroff, pause, dump, none, inject-nmi; or null (reset). */
    public String action() {
        return action;
    }

    public WatchdogDef action(String action) {
        this.action = action;
        return this;
    }

    @Override
    public WatchdogDef copy() {
        WatchdogDef c = new WatchdogDef().model(model).action(action);
        c.copyBasic(this);
        return c;
    }

    @Override
    public String kind() {
        return "watchdog";
    }
}
