package io.jvirt.api;

import java.io.IOException;

/**
 * A volume download that knows where its holes are: what libvirt's sparse streams tell with
 * {@code virStreamInData} and skip with {@code virStreamSendHole}. {@link StorageVol#download}
 * with {@link StorageVolDownloadFlag#SPARSE_STREAM} may return an {@code InputStream} that also
 * implements this interface; the stream itself still reads every byte, a hole's as zeros, so a
 * reader that ignores this interface gets the same bytes. A reader that uses it asks for the
 * {@link #section()} at the current position and either reads the data (at most its length) or
 * passes over the hole with {@link #skipHole} (jvirt's server sends it as libvirt's hole message).
 *
 * <p>Which stretches are holes is the driver's knowledge: for a file volume of driver-storage,
 * runs of zero blocks (see docs/ARCHITECTURE.md); through driver-remote, the holes the far
 * daemon sent. A block device's download has no holes, as libvirt's.
 *
 * @since 0.10.0
 */
public interface SparseInput {

    /**
     * A stretch of the stream from the current position: {@code length} bytes of data or, when
     * {@code hole}, of zeros not stored; length 0 is the end of the stream.
     *
     * @param hole   whether the stretch is a hole
     * @param length its bytes; 0 only at the end
     */
    record Section(boolean hole, long length) {

        /** The end of the stream. */
        public static final Section END = new Section(false, 0);

        public Section {
            if (length < 0) {
                throw new IllegalArgumentException("a section's length must not be negative: " + length);
            }
        }

        /** Whether this is the end of the stream. */
        public boolean end() {
            return length == 0;
        }
    }

    /**
     * The stretch at the current position (libvirt's virStreamInData): data, a hole, or the end.
     * A data section may be followed by more data: its length bounds one read, it does not promise
     * the next section is a hole.
     *
     * @throws IOException the driver failed to read (its VirtException as the cause)
     */
    Section section() throws IOException;

    /**
     * Passes over {@code length} bytes of the hole at the current position without reading them.
     *
     * @param length at most the length of the hole {@link #section()} reported; positive
     * @throws IllegalStateException the current position is not in a hole that long
     * @throws IOException           the driver failed
     */
    void skipHole(long length) throws IOException;
}
