package io.jvirt.api;

/**
 * Flags of {@link Domain#openConsole} ({@code virDomainConsoleFlags}): FORCE takes the console
 * from another session that holds it, SAFE opens it only where the driver can guarantee exclusive
 * access.
 *
 * @since 0.7.0
 */
public enum ConsoleFlag implements Flag {
    FORCE(1),
    SAFE(2);

    private final int bit;

    ConsoleFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
