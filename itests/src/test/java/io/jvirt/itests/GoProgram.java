package io.jvirt.itests;

import java.nio.file.Path;

import io.jvirt.api.testing.GoBuild;

/**
 * The project's small Go test programs (the vcsim main of driver-esx, the independent vSphere
 * client of this module), built offline with Debian's Go and govmomi in GOPATH mode, cached under
 * target/go until their main.go changes. Without Go or govmomi the calling test is skipped with a
 * message naming what is missing; with {@code CI=true} it fails instead.
 */
final class GoProgram {

    private GoProgram() {
    }

    /** The binary of {@code srcDir}/main.go, named {@code name}, built when missing or stale. */
    static synchronized Path build(Path srcDir, String name) throws Exception {
        GoBuild.require(name);
        return GoBuild.build(srcDir, Path.of("target", "go").toAbsolutePath(), name);
    }
}
