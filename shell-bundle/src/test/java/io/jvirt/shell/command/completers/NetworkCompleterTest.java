package io.jvirt.shell.command.completers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

import io.jvirt.api.NetworkListFilter;

class NetworkCompleterTest {

    @Test
    void eachCommandCompletesTheNetworksItAccepts() {
        assertArrayEquals(new NetworkListFilter[] {NetworkListFilter.INACTIVE}, NetworkCompleter.forCommand("virt:net-start"));
        assertArrayEquals(new NetworkListFilter[] {NetworkListFilter.ACTIVE}, NetworkCompleter.forCommand("net-destroy"));
        assertArrayEquals(new NetworkListFilter[] {NetworkListFilter.ACTIVE}, NetworkCompleter.forCommand("virt:net-dhcp-leases"));
        assertArrayEquals(new NetworkListFilter[] {NetworkListFilter.PERSISTENT}, NetworkCompleter.forCommand("virt:net-undefine"));
        assertArrayEquals(new NetworkListFilter[] {NetworkListFilter.PERSISTENT}, NetworkCompleter.forCommand("virt:net-autostart"));
        assertArrayEquals(new NetworkListFilter[0], NetworkCompleter.forCommand("virt:net-info"));
        assertArrayEquals(new NetworkListFilter[0], NetworkCompleter.forCommand(""));
    }
}
