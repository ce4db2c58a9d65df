package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The distribution's bin/setenv, sourced the way bin/karaf sources it (after bin/inc): it takes the
 * JDK's version and vendor from the JDK's {@code release} file instead of the two {@code java -version}
 * launches Karaf's detectJVM and checkJvmVersion make before every start (issue 27: start time),
 * and falls back to Karaf's way when the JDK has no release file. A stand-in {@code java} records every
 * launch and hands it to the real one. No container is started.
 */
public class SetenvIT {

    private static KarafProcess karaf;

    @BeforeClass
    public static void unpack() throws Exception {
        karaf = KarafProcess.unpack("setenv-it");
    }

    @AfterClass
    public static void cleanUp() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    /** A JDK folder whose bin/java logs its arguments to {@code launches} and runs the real java. */
    private static Path standInJdk(String name, boolean withRelease) throws Exception {
        Path jdk = karaf.home.resolve("../" + name).normalize();
        Files.createDirectories(jdk.resolve("bin"));
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho \"$*\" >> '" + jdk.resolve("launches") + "'\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path release = Path.of(System.getProperty("java.home"), "release");
        if (withRelease) {
            assertTrue("the test JDK has a release file", Files.isRegularFile(release));
            Files.copy(release, jdk.resolve("release"));
        }
        return jdk;
    }

    /** bin/inc, then bin/setenv as bin/karaf sources them, then Karaf's two checks; prints what they found. */
    private static String detect(Path jdk) throws Exception {
        String script = "DIRNAME=bin; PROGNAME=karaf; . bin/inc; . bin/setenv; JAVA='" + jdk.resolve("bin/java") + "'; "
            + "detectOS; detectJVM; checkJvmVersion; echo \"version=$VERSION vendor=$JVM_VENDOR\"";
        KarafProcess.Result r = KarafProcess.run(karaf.home, List.of("sh", "-c", script), Map.of());
        assertEquals(r.out(), 0, r.rc());
        return r.out();
    }

    @Test
    public void theJdksReleaseFileAnswersWithoutAJavaLaunch() throws Exception {
        Path jdk = standInJdk("jdk-with-release", true);
        String out = detect(jdk);
        assertTrue(out, out.contains("version=" + Runtime.version().feature() + " vendor=SUN"));
        assertFalse("java was launched: " + (Files.exists(jdk.resolve("launches")) ? Files.readString(jdk.resolve("launches")) : ""),
            Files.exists(jdk.resolve("launches")));
    }

    @Test
    public void withoutAReleaseFileKarafsOwnCheckStays() throws Exception {
        Path jdk = standInJdk("jdk-without-release", false);
        String out = detect(jdk);
        assertTrue(out, out.contains("version=" + Runtime.version().feature() + " vendor=SUN"));
        assertTrue("Karaf's way: java -version", Files.readString(jdk.resolve("launches")).contains("-version"));
    }
}
