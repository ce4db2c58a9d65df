package io.jvirt.api.testing;

import java.util.List;

/**
 * What a test needs from the machine it runs on (a program, root, libvirt's schemas, the
 * conformance vectors, a Go compiler...): where it is missing, the test is skipped with the reason
 * on a developer's machine, and fails under {@code CI=true}, where every prerequisite is installed
 * (.ci/run) and a skip would hide a broken setup.
 *
 * <p>Free of any test framework's API: the skip is JUnit 4's assumption failure when JUnit 4 is on
 * the class path (JUnit 4 runs it as a skip, and so does JUnit Jupiter), else opentest4j's
 * {@code TestAbortedException} (JUnit Jupiter's own), so the JUnit 4 integration tests and the
 * JUnit 5 modules share it.
 */
public final class Prerequisite {

    private Prerequisite() {
    }

    /** Whether the environment says this is CI ({@code CI=true}, as CI services set it). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the test (fails it in CI) with {@code why} unless {@code present}. */
    public static void require(boolean present, String why) {
        if (!present) {
            throw missing(why);
        }
    }

    /**
     * Skips the test (fails it in CI) when {@code missing} names anything: the list of what the
     * machine lacks, joined into the reason after {@code what} ("container tests need: root; busybox").
     */
    public static void requireNothingMissing(String what, List<String> missing) {
        if (!missing.isEmpty()) {
            throw missing(what + ": " + String.join("; ", missing));
        }
    }

    /**
     * The failure (CI) or skip (elsewhere) for a missing prerequisite, to throw:
     * {@code throw Prerequisite.missing("qemu-system-x86_64 is not installed")}.
     */
    public static RuntimeException missing(String why) {
        if (inCi()) {
            throw new AssertionError("CI=true and a prerequisite is missing: " + why);
        }
        return skip(why);
    }

    private static final List<String> SKIPS = List.of(
        // JUnit 4 (the Pax Exam and process tests); JUnit Jupiter also aborts on it when JUnit 4 is present
        "org.junit.AssumptionViolatedException",
        // JUnit Jupiter
        "org.opentest4j.TestAbortedException");

    private static RuntimeException skip(String why) {
        for (String name : SKIPS) {
            try {
                Class<?> c = Class.forName(name, false, Prerequisite.class.getClassLoader());
                return (RuntimeException) c.getConstructor(String.class).newInstance(why);
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                // not this framework: try the next
            }
        }
        return new IllegalStateException("a prerequisite is missing (and no JUnit to skip with): " + why);
    }
}
