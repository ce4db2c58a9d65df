package io.jvirt.core.kit.remote;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A long-running command on an SSH server whose standard input and output are a byte stream (the
 * remote driver's {@code virt-ssh-helper} or {@code nc -U SOCKET}, libvirt's ssh transport). Its
 * stderr is kept (bounded) for the message when the stream ends early.
 *
 * @since 1.4.0
 */
public interface SshStream extends AutoCloseable {

    /** The command's standard output. */
    InputStream input();

    /** The command's standard input. */
    OutputStream output();

    /** What the command wrote to stderr so far (at most the settings' output cap). */
    String errors();

    /** Closes the channel (the command sees its input end). Idempotent, never throws. */
    @Override
    void close();
}
