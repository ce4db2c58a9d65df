package io.jvirt.api;

/**
 * What a {@link Credential} asks for ({@code virConnectCredentialType}, with libvirt's numbers).
 * A driver asks only for the types its caller's {@link ConnectAuth} lists.
 *
 * @since 0.2.0
 */
public enum CredentialType {
    /** The user's identity as the user types it ({@code VIR_CRED_USERNAME}). */
    USERNAME(1),
    /** The name to authenticate as ({@code VIR_CRED_AUTHNAME}); ESX asks this for a user name. */
    AUTHNAME(2),
    /** RFC 1766 language ({@code VIR_CRED_LANGUAGE}). */
    LANGUAGE(3),
    /** Client-supplied nonce ({@code VIR_CRED_CNONCE}). */
    CNONCE(4),
    /** A password or pass phrase ({@code VIR_CRED_PASSPHRASE}). */
    PASSPHRASE(5),
    /** An answer to a challenge, shown while typed ({@code VIR_CRED_ECHOPROMPT}). */
    ECHOPROMPT(6),
    /** An answer to a challenge, not shown while typed ({@code VIR_CRED_NOECHOPROMPT}); a password may be asked this way. */
    NOECHOPROMPT(7),
    /** The authentication realm ({@code VIR_CRED_REALM}). */
    REALM(8),
    /** Externally managed credential ({@code VIR_CRED_EXTERNAL}). */
    EXTERNAL(9);

    private final int number;

    CredentialType(int number) {
        this.number = number;
    }

    /** libvirt's number of this type. */
    public int number() {
        return number;
    }

    /** Whether an answer of this type is secret: never echoed, logged or printed. */
    public boolean secret() {
        return this == PASSPHRASE || this == NOECHOPROMPT;
    }
}
