package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorDomain;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/**
 * libvirt-python 9.0 (Debian's python3-libvirt) runs src/test/python/libvirt_client.py (open,
 * node info, list, lookups, an error, define, start, suspend, resume, destroy, undefine, lifecycle
 * events through its event loop) against jvirt over the wire and against libvirt's own test
 * driver: the same output, line by line.
 */
class PythonClientOverTheWireTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;
    private RemoteServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        Prerequisite.require(Files.isExecutable(PYTHON) && Files.exists(Path.of("/usr/lib/python3/dist-packages/libvirt.py")),
            "python3-libvirt is not installed");
        socket = tmp.resolve("libvirt-sock");
        server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver()), ServerSettings.defaults(socket));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HostCommand.Result python(String uri, Path xml) throws IOException {
        return HostCommand.run(List.of(PYTHON.toString(), Path.of("src/test/python/libvirt_client.py").toAbsolutePath().toString(),
            uri, xml.toString()), Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString(), "LC_ALL", "C.UTF-8"), 120_000,
            ErrorDomain.NONE);
    }

    @Test
    void theSameAsOnLibvirtsOwnTestDriver() throws IOException {
        Path xml = tmp.resolve("py1.xml");
        Files.writeString(xml, "<domain type='test'><name>py1</name><uuid>a1b2c3d4-0000-4000-8000-0000000000a1</uuid>"
            + "<memory>131072</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>");
        HostCommand.Result libvirt = python("test:///default", xml);
        HostCommand.Result ours = python("test+unix:///default?socket=" + socket, xml);
        assertEquals(0, libvirt.status(), libvirt.output());
        assertTrue(ours.output().contains("events [('py1', 0, 0), ('py1', 2, 0), ('py1', 3, 0), ('py1', 4, 0), ('py1', 5, 1), ('py1', 1, 0)]"),
            ours.output());
        assertEquals(libvirt.output(), ours.output());
        assertEquals(0, ours.status());
    }
}
