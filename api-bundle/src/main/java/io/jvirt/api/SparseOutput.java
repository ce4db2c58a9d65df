package io.jvirt.api;

import java.io.IOException;

/**
 * A volume upload that can take a hole: what libvirt's virStreamSendHole does on a sparse
 * upload stream. {@link StorageVol#upload} may return an {@code OutputStream} that also implements
 * this interface; jvirt's server then writes a client's hole message through it instead of
 * writing its zeros. Afterwards the hole's bytes read as zeros, as if they had been written; where
 * the driver can, they take no room (a file volume of driver-storage: see docs/ARCHITECTURE.md).
 *
 * @since 0.10.0
 */
public interface SparseOutput {

    /**
     * Moves on by {@code length} bytes that read as zeros afterwards.
     *
     * @param length positive; counted against the upload's length as written bytes are
     * @throws IOException the driver failed, or the hole runs past the upload's length
     */
    void writeHole(long length) throws IOException;
}
