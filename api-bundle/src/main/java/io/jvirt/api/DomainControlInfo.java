package io.jvirt.api;

import java.util.Objects;

/**
 * The control state of a running domain ({@code virDomainControlInfo}).
 *
 * @param state       what the domain's management is doing
 * @param details     for {@link DomainControlState#ERROR} a {@link DomainControlErrorReason} number, else 0
 * @param stateTimeMs how long the domain has been in this state, in milliseconds (0 for OK and ERROR)
 * @since 0.7.0
 */
public record DomainControlInfo(DomainControlState state, int details, long stateTimeMs) {

    public DomainControlInfo {
        Objects.requireNonNull(state, "state");
    }

    /** Operational and ready, as a domain with nothing going on is. */
    public static final DomainControlInfo READY = new DomainControlInfo(DomainControlState.OK, 0, 0);
}
