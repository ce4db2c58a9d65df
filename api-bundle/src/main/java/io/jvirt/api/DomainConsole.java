package io.jvirt.api;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A domain's console, open ({@code virDomainOpenConsole} with libvirt's stream semantics): what
 * the guest writes comes out of {@link #input()} (read returns -1 when the console ends: the
 * guest's device closed or the domain stopped), what is written to {@link #output()} is typed into
 * the guest. {@link #close()} ends it; both streams then fail or end.
 *
 * @since 0.7.0
 */
@ProviderType
public interface DomainConsole extends Closeable {

    InputStream input();

    OutputStream output();

    /** Ends the console; idempotent. */
    @Override
    void close();
}
