package io.jvirt.driver.test;

import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.DriverConnection;

/** libvirt's {@code virCheckFlags}: every driver entry point refuses flag bits it does not know. */
final class Flags {

    static final int AFFECT_LIVE = 1;
    static final int AFFECT_CONFIG = 2;
    /** {@code VIR_DOMAIN_MEM_MAXIMUM} and {@code VIR_DOMAIN_VCPU_MAXIMUM} share this bit. */
    static final int MAXIMUM = 4;

    private Flags() {
    }

    /**
     * @param function libvirt's C function name, which libvirt puts in the message
     * @throws VirtException INVALID_ARG "unsupported flags (0x4) in function testDomainShutdownFlags"
     */
    static void check(int flags, int supported, String function) {
        DriverConnection.checkFlags(flags, supported, ErrorDomain.TEST, function);
    }
}
