package io.jvirt.shell.command.completers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/** virshCellnoCompleter and virshNodeCpuCompleter on libvirt's test driver: its two cells, its online CPUs 0, 2 and 4. */
class NodeCompletersTest {

    @Test
    void cellsAndOnlineCpus() {
        Connector connector = StandaloneConnector.create(null, new TestDriver());
        try (Connection c = connector.open("test:///default")) {
            assertEquals(List.of("0", "1"), CellnoCompleter.cells(c));
            assertEquals(List.of("0", "2", "4"), NodeCpuCompleter.cpus(c));
        }
    }
}
