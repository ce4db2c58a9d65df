package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StorageVol;
import io.jvirt.api.VirtException;

/**
 * vol-upload and vol-download move the bytes through the API's streams: a volume held in memory
 * stands in for a driver's (the test driver has no transfers), found by its path.
 */
class VolumeTransferTest {

    static final String PATH = "/mem/vol";

    @TempDir
    Path dir;

    /** The volume's bytes; a download fails after {@link #failAfter} bytes when that is not negative. */
    private byte[] content = new byte[0];
    private int failAfter = -1;
    private long lastOffset;
    private long lastLength;

    private Connector connector() {
        Connector real = TestConsole.connector();
        return proxy(Connector.class, (m, a) -> {
            Object r = call(real, m, a);
            if (!(r instanceof Connection c)) {
                return r;
            }
            return proxy(Connection.class, (cm, ca) -> {
                if (cm.getName().equals("lookupStorageVolByKey") && PATH.equals(ca[0])) {
                    return volume();
                }
                return call(c, cm, ca);
            });
        });
    }

    private StorageVol volume() {
        return proxy(StorageVol.class, (m, a) -> switch (m.getName()) {
            case "name" -> "vol";
            case "poolName" -> "mem";
            case "download" -> {
                lastOffset = (Long) a[0];
                lastLength = (Long) a[1];
                yield failAfter < 0 ? new ByteArrayInputStream(content) : failing();
            }
            case "upload" -> {
                lastOffset = (Long) a[0];
                lastLength = (Long) a[1];
                yield new ByteArrayOutputStream() {
                    @Override
                    public void close() {
                        content = toByteArray();
                    }
                };
            }
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    private InputStream failing() {
        return new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent == failAfter) {
                    throw new IOException(new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.STORAGE, "disk went away"));
                }
                return content[sent++] & 0xff;
            }
        };
    }

    @Test
    void aFewMiBGoUpAndComeBackByteForByte() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(23).nextBytes(data);
        Path src = Files.write(dir.resolve("src.img"), data);
        Path back = dir.resolve("back.img");
        try (TestConsole c = new TestConsole(connector(), ADMIN)) {
            assertEquals("", ok(c.run(typed(new VolUpload(), PATH + " " + src))));
            assertArrayEquals(data, content);
            assertEquals("", ok(c.run(typed(new VolDownload(), "--offset 5 --length 1048576 " + PATH + " " + back))));
            assertEquals(5, lastOffset);
            assertEquals(1L << 20, lastLength);
            assertArrayEquals(data, Files.readAllBytes(back));
            // an existing file is truncated and rewritten
            content = new byte[] {1, 2, 3};
            assertEquals("", ok(c.run(typed(new VolDownload(), PATH + " " + back))));
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(back));
        }
    }

    @Test
    void aFailedDownloadRemovesTheFileItCreated() throws Exception {
        content = new byte[100];
        failAfter = 10;
        Path target = dir.resolve("partial.img");
        Path existing = Files.writeString(dir.resolve("existing.img"), "old");
        try (TestConsole c = new TestConsole(connector(), ADMIN)) {
            assertEquals("error: cannot receive data from volume " + PATH + "\nerror: operation failed: disk went away\n",
                fails(c.run(typed(new VolDownload(), PATH + " " + target))));
            assertFalse(Files.exists(target));
            // a file that was there before is not removed (virsh removes only what it created)
            fails(c.run(typed(new VolDownload(), PATH + " " + existing)));
            assertEquals(true, Files.exists(existing));
        }
    }

    @FunctionalInterface
    private interface Handler {
        Object apply(java.lang.reflect.Method m, Object[] a) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, Handler h) {
        return type.cast(Proxy.newProxyInstance(VolumeTransferTest.class.getClassLoader(), new Class<?>[] {type},
            (p, m, a) -> h.apply(m, a)));
    }

    private static Object call(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
