package io.jvirt.api;

/**
 * A domain's scheduler ({@code virDomainGetSchedulerType}): its name and how many parameters
 * {@link Domain#schedulerParameters} reports for it.
 *
 * @since 0.7.0
 */
public record SchedulerType(String name, int parameterCount) {
}
