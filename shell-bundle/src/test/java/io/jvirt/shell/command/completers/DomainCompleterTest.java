package io.jvirt.shell.command.completers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ListFilter;

class DomainCompleterTest {

    @Test
    void eachCommandCompletesTheDomainsItAccepts() {
        assertArrayEquals(new ListFilter[] {ListFilter.RUNNING}, DomainCompleter.forCommand("virt:suspend"));
        assertArrayEquals(new ListFilter[] {ListFilter.RUNNING}, DomainCompleter.forCommand("suspend"));
        assertArrayEquals(new ListFilter[] {ListFilter.PAUSED}, DomainCompleter.forCommand("virt:resume"));
        assertArrayEquals(new ListFilter[] {ListFilter.INACTIVE}, DomainCompleter.forCommand("virt:start"));
        assertArrayEquals(new ListFilter[] {ListFilter.ACTIVE}, DomainCompleter.forCommand("virt:destroy"));
        assertArrayEquals(new ListFilter[] {ListFilter.PERSISTENT}, DomainCompleter.forCommand("virt:undefine"));
        assertArrayEquals(new ListFilter[0], DomainCompleter.forCommand("virt:dominfo"));
        assertArrayEquals(new ListFilter[0], DomainCompleter.forCommand(""));
    }
}
