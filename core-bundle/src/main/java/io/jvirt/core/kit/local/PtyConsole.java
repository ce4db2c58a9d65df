package io.jvirt.core.kit.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

import io.jvirt.api.DomainConsole;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A domain's console on the host side of a pty the hypervisor allocated (libvirt's
 * virFDStreamOpenPTY), for every local driver whose guests' consoles are ptys (QEMU's
 * {@code -chardev pty}, LXC's). Only a character device under /dev/pts is opened, never through a
 * symbolic link: the path comes from a definition. Reads and writes use two channels, so that a
 * read waiting for the guest never holds up what is typed; the hypervisor closing its end (the
 * guest stopped) reads as the end of the console (Linux answers EIO on a pty whose other end is
 * closed).
 */
public final class PtyConsole implements DomainConsole {

    private static final Path PTS = Path.of("/dev/pts");

    private final FileChannel reading;
    private final FileChannel writing;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final InputStream input;
    private final OutputStream output;

    private PtyConsole(FileChannel reading, FileChannel writing) {
        this.reading = reading;
        this.writing = writing;
        this.input = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                try {
                    return reading.read(ByteBuffer.wrap(b, off, len));
                } catch (AsynchronousCloseException e) {
                    return -1;
                } catch (IOException e) {
                    if (closed.get() || "Input/output error".equals(e.getMessage())) {
                        return -1; // the other end of the pty is gone: the console ended
                    }
                    throw e;
                }
            }

            @Override
            public void close() {
                PtyConsole.this.close();
            }
        };
        this.output = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    writing.write(buf);
                }
            }

            @Override
            public void close() {
                PtyConsole.this.close();
            }
        };
    }

    /**
     * Opens the pty at {@code path}.
     *
     * @param what names the device in errors ("serial0")
     * @throws VirtException OPERATION_FAILED for a path that is no pty, SYSTEM_ERROR when it cannot be opened
     */
    public static PtyConsole open(String path, String what) {
        Path p = Path.of(path).normalize();
        if (!p.isAbsolute() || !p.getParent().equals(PTS) || p.getFileName().toString().equals("ptmx")) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NONE,
                "character device " + what + " is not using a PTY");
        }
        FileChannel r = null;
        try {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p) || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("not a character device");
            }
            r = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            FileChannel w = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            return new PtyConsole(r, w);
        } catch (IOException e) {
            if (r != null) {
                try {
                    r.close();
                } catch (IOException ignored) {
                    // the open failed already
                }
            }
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NONE, "Unable to open " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (FileChannel c : new FileChannel[] {reading, writing}) {
            try {
                c.close();
            } catch (IOException e) {
                // closing a pty fails only if it is gone already
            }
        }
    }
}
