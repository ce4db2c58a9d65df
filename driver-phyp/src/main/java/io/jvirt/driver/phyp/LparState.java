package io.jvirt.driver.phyp;

import io.jvirt.api.DomainState;

/**
 * The HMC's partition states as libvirt's phyp driver mapped them (phypGetLparState): "Running"
 * is running, "Not Activated" shut off, "Shutting Down" shutting down, and everything else
 * ("Open Firmware", "Starting", "Error", "Not Available", "Migrating - Running", ...) no state.
 * libvirt gave every LPAR its id whatever the state; jvirt, as every driver, gives ids to active
 * domains only: a partition is active while it is powered on ("Running", "Starting", "Open
 * Firmware", "Shutting Down", and the "Migrating"/"Suspended" forms of these), inactive when "Not
 * Activated", "Error" or "Not Available".
 */
final class LparState {

    static final String RUNNING = "Running";
    static final String NOT_ACTIVATED = "Not Activated";
    static final String SHUTTING_DOWN = "Shutting Down";

    private LparState() {
    }

    static DomainState of(String state) {
        return switch (state) {
            case RUNNING -> DomainState.RUNNING;
            case NOT_ACTIVATED -> DomainState.SHUTOFF;
            case SHUTTING_DOWN -> DomainState.SHUTDOWN;
            default -> DomainState.NOSTATE;
        };
    }

    static boolean active(String state) {
        return switch (state) {
            case NOT_ACTIVATED, "Error", "Not Available" -> false;
            default -> true;
        };
    }
}
