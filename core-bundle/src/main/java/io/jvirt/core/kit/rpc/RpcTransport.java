package io.jvirt.core.kit.rpc;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A byte stream to a libvirt-protocol peer (libvirt's {@code virNetSocket}): a UNIX socket, plain
 * TCP, TLS, or an SSH channel to a helper on the far side. {@link RpcClient} reads frames from
 * {@link #input()} on one thread and writes whole frames to {@link #output()} under its own lock.
 *
 * @since 1.1.0
 */
public interface RpcTransport extends AutoCloseable {

    InputStream input();

    OutputStream output();

    /** libvirt's is_secure: whether the traffic is safe from eavesdropping (UNIX socket, TLS, SSH). */
    boolean isSecure();

    /** libvirt's connectIsEncrypted: whether the traffic is encrypted on the way (TLS, SSH). */
    boolean isEncrypted();

    /** What it is connected to, for messages ("UNIX socket /run/libvirt/libvirt-sock"). */
    String describe();

    /** Closes the stream; a read blocked in {@link #input()} ends. Idempotent, never throws. */
    @Override
    void close();
}
