package io.jvirt.api;

/**
 * The host's security model ({@code virSecurityModel}, from {@code virNodeGetSecurityModel}): its
 * name ("selinux", "apparmor", "dac", libvirt's test driver's "testSecurity") and its domain of
 * interpretation; an empty model means the host enforces none.
 *
 * @since 0.11.0
 */
public record SecurityModel(String model, String doi) {

    public SecurityModel {
        model = model == null ? "" : model;
        doi = doi == null ? "" : doi;
    }
}
