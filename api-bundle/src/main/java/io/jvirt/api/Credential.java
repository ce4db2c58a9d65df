package io.jvirt.api;

import java.util.Objects;

/**
 * One credential a driver asks its caller for while opening a connection
 * ({@code virConnectCredential}): the driver fills type, prompt, challenge and default; the
 * {@link AuthCallback} sets the {@link #result(String) result}.
 *
 * <p>{@link #toString()} never shows the result, so a credential can be logged safely.
 *
 * @since 0.2.0
 */
public final class Credential {

    private final CredentialType type;
    private final String prompt;
    private final String challenge;
    private final String defaultResult;
    private volatile String result;

    /**
     * @param type          what is asked for
     * @param prompt        the text to show a user ("Enter root's password for esx1")
     * @param challenge     extra information, such as the server's host name; may be null
     * @param defaultResult the answer a user who just presses enter gives ("root"); may be null
     */
    public Credential(CredentialType type, String prompt, String challenge, String defaultResult) {
        this.type = Objects.requireNonNull(type, "type");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        this.challenge = challenge;
        this.defaultResult = defaultResult;
    }

    public CredentialType type() {
        return type;
    }

    public String prompt() {
        return prompt;
    }

    /** Extra information for the answer (the server's host name for user names and passwords), or null. */
    public String challenge() {
        return challenge;
    }

    /** The answer offered as the default (a callback that prompts uses it for an empty answer), or null. */
    public String defaultResult() {
        return defaultResult;
    }

    /** The callback's answer, or null while there is none. */
    public String result() {
        return result;
    }

    /** Sets the answer; the driver reads it after the callback returned. */
    public void result(String value) {
        this.result = value;
    }

    @Override
    public String toString() {
        String shown = result == null ? "none" : type.secret() ? "***" : result;
        return "Credential[" + type + ", prompt=" + prompt + ", result=" + shown + "]";
    }
}
