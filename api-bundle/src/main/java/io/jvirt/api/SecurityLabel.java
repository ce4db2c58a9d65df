package io.jvirt.api;

/**
 * A domain's security label ({@code virSecurityLabel}, from {@code virDomainGetSecurityLabel}): the
 * label its processes run under and whether the model enforces it; an empty label for a domain that
 * does not run.
 *
 * @since 0.11.0
 */
public record SecurityLabel(String label, boolean enforcing) {

    public SecurityLabel {
        label = label == null ? "" : label;
    }
}
