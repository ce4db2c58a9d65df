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

    /** A JDK folder (the test JDK's release file) whose bin/java only writes its arguments, one a line, to {@code args}. */
    private static Path recordingJdk(String name) throws Exception {
        Path jdk = karaf.home.resolve("../" + name).normalize();
        Files.createDirectories(jdk.resolve("bin"));
        Path java = jdk.resolve("bin/java");
        // `java -version` (bin/setenv's one check of a new archive) exits with $JVIRT_TEST_VERSION_RC
        Files.writeString(java, "#!/bin/sh\ncase \"$*\" in *-version*) exit ${JVIRT_TEST_VERSION_RC:-0};; esac\n"
            + "for a in \"$@\"; do echo \"$a\"; done > '" + jdk.resolve("args") + "'\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(Path.of(System.getProperty("java.home"), "release"), jdk.resolve("release"));
        return jdk;
    }

    /** bin/karaf (server) with the recording JDK and {@code env}; the arguments its java was given. */
    private static List<String> launch(Path jdk, Map<String, String> env) throws Exception {
        Files.deleteIfExists(jdk.resolve("args"));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JAVA_HOME", jdk.toString());
        KarafProcess.Result r = KarafProcess.run(karaf.home, List.of("bin/karaf", "server"), all);
        assertEquals(r.out(), 0, r.rc());
        return Files.readAllLines(jdk.resolve("args"));
    }

    private static String classPath(List<String> args) {
        return args.get(args.indexOf("-classpath") + 1);
    }

    /**
     * issue 27: the container's JVM starts without Karaf's --patch-module of java.base and java.xml
     * (which turns class data sharing off in a JDK 17), with Karaf's specs locator on the class path
     * instead; the first start asks for a class data sharing archive at exit, a start that finds the
     * archive made for the same JDK, options and class path uses it, and one with other options has it
     * made again. JVIRT_PATCH_MODULES=true gives Karaf's launch back, JVIRT_CDS=off no archive.
     */
    @Test
    public void theContainerStartsWithoutPatchedModulesAndWithAClassDataSharingArchive() throws Exception {
        Path jdk = recordingJdk("jdk-recording");
        Path archive = karaf.home.resolve("data/jvirt-cds/jvirt.jsa");
        Files.deleteIfExists(archive);
        Files.deleteIfExists(karaf.home.resolve("data/jvirt-cds/jvirt.jsa.stamp"));

        List<String> first = launch(jdk, Map.of());
        assertFalse(first.toString(), first.stream().anyMatch(a -> a.startsWith("--patch-module") || a.contains("specs.locator=java.xml")));
        assertTrue(first.toString(), classPath(first).contains("lib/endorsed/org.apache.karaf.specs.locator-"));
        assertTrue(first.toString(), first.contains("-XX:ArchiveClassesAtExit=" + archive));
        assertTrue(first.toString(), first.contains("-XX:+UseSerialGC"));

        Files.write(archive, new byte[] {1}); // as the JVM would have written it at its exit
        List<String> second = launch(jdk, Map.of());
        assertTrue(second.toString(), second.contains("-XX:SharedArchiveFile=" + archive));
        assertFalse(second.toString(), second.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit")));

        assertEquals("the archive was checked once", "checked",
            Files.readAllLines(karaf.home.resolve("data/jvirt-cds/jvirt.jsa.stamp")).get(1));

        List<String> otherHeap = launch(jdk, Map.of("JAVA_MAX_MEM", "512M"));
        assertTrue("other JVM options: the archive is made again " + otherHeap, otherHeap.contains("-XX:ArchiveClassesAtExit=" + archive));
        assertFalse("the old archive is gone", Files.exists(archive));

        // an archive the JVM cannot start with (a dump cut short crashes every JVM that maps it): made again
        Files.write(archive, new byte[] {1});
        List<String> fine = launch(jdk, Map.of("JAVA_MAX_MEM", "512M"));
        assertTrue(fine.toString(), fine.contains("-XX:SharedArchiveFile=" + archive));
        Files.writeString(karaf.home.resolve("data/jvirt-cds/jvirt.jsa.stamp"),
            Files.readAllLines(karaf.home.resolve("data/jvirt-cds/jvirt.jsa.stamp")).get(0) + "\n"); // not checked yet
        List<String> crashing = launch(jdk, Map.of("JAVA_MAX_MEM", "512M", "JVIRT_TEST_VERSION_RC", "134"));
        assertTrue(crashing.toString(), crashing.contains("-XX:ArchiveClassesAtExit=" + archive));
        assertFalse("the archive that failed its check is gone", Files.exists(archive));

        List<String> off = launch(jdk, Map.of("JVIRT_CDS", "off"));
        assertFalse(off.toString(), off.stream().anyMatch(a -> a.contains("SharedArchiveFile") || a.contains("ArchiveClassesAtExit")));

        List<String> stock = launch(jdk, Map.of("JVIRT_PATCH_MODULES", "true"));
        int patch = stock.indexOf("--patch-module");
        assertTrue(stock.toString(), patch > 0 && stock.get(patch + 1).equals(
            "java.base=" + karaf.home + "/lib/endorsed/org.apache.karaf.specs.locator-" + JvirtTestSupport.KARAF_VERSION + ".jar"));
        assertTrue(stock.toString(), stock.contains("java.xml=" + karaf.home + "/lib/endorsed/org.apache.karaf.specs.java.xml-"
            + JvirtTestSupport.KARAF_VERSION + ".jar"));
        assertTrue(stock.toString(), stock.contains("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"));
        assertFalse(stock.toString(), stock.stream().anyMatch(a -> a.contains("SharedArchiveFile") || a.contains("ArchiveClassesAtExit")));
        assertFalse(stock.toString(), classPath(stock).contains("specs.locator"));
    }

    /**
     * The real container: its first stop writes the archive, its second start maps it (the JVM's
     * memory map shows the file), and the console answers on both starts.
     */
    @Test
    public void theSecondStartMapsTheArchiveTheFirstStopWrote() throws Exception {
        try (KarafProcess k = KarafProcess.unpack("setenv-it-cds")) {
            Path archive = k.home.resolve("data/jvirt-cds/jvirt.jsa");
            k.start(Map.of());
            assertFalse("no archive before the first stop", Files.exists(archive));
            k.stop();
            assertTrue("the first stop wrote " + archive, Files.size(archive) > 1_000_000);
            k.start(Map.of());
            String maps = Files.readString(Path.of("/proc/" + k.pid() + "/maps"));
            assertTrue("the JVM maps " + archive, maps.contains(archive.toString()));
            assertEquals(0, k.virt("uri").rc());
            k.stop();
        }
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
