package io.jvirt.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class VirshTableTest {

    private static String print(VirshTable t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void listTableAsVirshPrintsIt() {
        VirshTable t = new VirshTable("Id", "Name", "State");
        t.row("1", "fv0", "running");
        t.row("2", "fc4", "running");
        t.row("-", "fc5", "shut off");
        // libvirt's tests/virshtestdata/lifecycle.out layout, with a wider State column
        assertEquals(" Id   Name   State\n-----------------------\n 1    fv0    running\n 2    fc4    running\n"
            + " -    fc5    shut off\n", print(t));
    }

    @Test
    void lastColumnIsNotPaddedAndEmptyTablesKeepTheirHeader() {
        VirshTable t = new VirshTable("Id", "Name", "State", "Title");
        t.row("1", "test", "running", "");
        assertEquals(" Id   Name   State     Title\n------------------------------\n 1    test   running   \n", print(t));
        assertEquals(" Id   Name   State\n--------------------\n", print(new VirshTable("Id", "Name", "State")));
    }
}
