package io.jvirt.core.runtime;

import java.util.List;
import java.util.Locale;

import io.jvirt.api.DriverInfo;
import io.jvirt.core.spi.HypervisorDriver;

/** A tracked driver service and what its service properties say of it. */
record DriverEntry(HypervisorDriver driver, DriverInfo info) {

    /**
     * Whether the driver may accept {@code scheme}: listed, matched by a listed transport pattern
     * ({@code *+unix} matches {@code test+unix}, {@code qemu+unix}..., libvirt's DRIVER+TRANSPORT
     * schemes, whose driver part the remote side decides), or the driver lists no schemes.
     */
    boolean mayAccept(String scheme) {
        // case-insensitive both ways: DriverInfo from addDriver() is not normalized as service properties are
        return info.schemes().isEmpty() || info.schemes().stream().anyMatch(s -> matches(s, scheme));
    }

    /** Whether the driver takes, after every other driver, what none of them accepted ({@link HypervisorDriver#SCHEME_FALLBACK}). */
    boolean isFallback() {
        return info.schemes().contains(HypervisorDriver.SCHEME_FALLBACK);
    }

    static boolean matches(String listed, String scheme) {
        if (listed.startsWith("*+")) {
            String suffix = listed.substring(1);
            return scheme.length() > suffix.length() && scheme.regionMatches(true, scheme.length() - suffix.length(),
                suffix, 0, suffix.length()) && scheme.indexOf('+') == scheme.length() - suffix.length();
        }
        return listed.equalsIgnoreCase(scheme);
    }

    static List<String> schemes(Object prop) {
        if (prop instanceof String s) {
            return List.of(s.toLowerCase(Locale.ROOT));
        }
        if (prop instanceof String[] a) {
            return java.util.Arrays.stream(a).map(x -> x.toLowerCase(Locale.ROOT)).toList();
        }
        if (prop instanceof java.util.Collection<?> c) {
            return c.stream().map(x -> String.valueOf(x).toLowerCase(Locale.ROOT)).toList();
        }
        return List.of();
    }
}
