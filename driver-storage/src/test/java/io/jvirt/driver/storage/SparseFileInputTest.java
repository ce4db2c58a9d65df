package io.jvirt.driver.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.SparseInput;

/**
 * A sparse read of a file volume: its sections (zero blocks as holes, aligned on the file's
 * offsets, one hole however long; data within the read-ahead) and its bytes, for ranges that
 * start and end anywhere; reading it plainly gives every byte.
 */
class SparseFileInputTest {

    private static final int B = SparseFileInput.BLOCK;

    @TempDir
    Path tmp;

    private Path file(long size, long[][] data) throws IOException {
        Path p = tmp.resolve("v" + System.nanoTime());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
            for (long[] d : data) {
                byte[] b = new byte[(int) d[1]];
                new Random(d[0]).nextBytes(b);
                for (int i = 0; i < b.length; i++) {
                    b[i] = b[i] == 0 ? 1 : b[i]; // no zero byte: a block with data is never read as zeros
                }
                f.seek(d[0]);
                f.write(b);
            }
        }
        return p;
    }

    private static SparseFileInput open(Path p, long offset, long length) throws IOException {
        return new SparseFileInput(FileChannel.open(p, StandardOpenOption.READ), offset, length);
    }

    /** Sections merged by kind, as "hole N" / "data N"; the bytes into {@code out}. */
    private static List<String> walk(SparseFileInput in, ByteArrayOutputStream out) throws IOException {
        List<String> sections = new ArrayList<>();
        String kind = null;
        long run = 0;
        byte[] buf = new byte[100_000];
        while (true) {
            SparseInput.Section s = in.section();
            String k = s.end() ? null : s.hole() ? "hole" : "data";
            if (kind != null && !kind.equals(k)) {
                sections.add(kind + " " + run);
                run = 0;
            }
            kind = k;
            if (s.end()) {
                return sections;
            }
            if (s.hole()) {
                assertEquals("hole", k);
                in.skipHole(s.length());
                out.write(new byte[(int) s.length()]);
                run += s.length();
            } else {
                int n = in.read(buf, 0, (int) Math.min(buf.length, s.length()));
                out.write(buf, 0, n);
                run += n;
            }
        }
    }

    @Test
    void zeroBlocksAreHolesAndTheBytesAreTheFilesAnywhere() throws IOException {
        long size = 5L * 1024 * 1024 + 123; // a partial last block
        Path p = file(size, new long[][] {{3 * B, 2 * B}, {3L * 1024 * 1024 + 10, 100}, {size - 50, 50}});
        byte[] all = Files.readAllBytes(p);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SparseFileInput in = open(p, 0, 0)) {
            long second = 3L * 1024 * 1024 / B * B; // the block holding the 100 bytes
            long last = size / B * B;
            assertEquals(List.of("hole " + 3 * B, "data " + 2 * B, "hole " + (second - 5 * B), "data " + B,
                "hole " + (last - second - B), "data " + (size - last)), walk(in, out));
        }
        assertArrayEquals(all, out.toByteArray());

        // ranges that start and end inside blocks, holes and data
        long[][] ranges = {{1, 0}, {B + 7, 3 * B}, {4 * B + 1, 2L * 1024 * 1024}, {3L * 1024 * 1024 + 50, 4000},
            {size - 10, 0}, {size, 0}, {size + B, 0}, {100, 1}};
        for (long[] r : ranges) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            try (SparseFileInput in = open(p, r[0], r[1])) {
                walk(in, o);
            }
            int from = (int) Math.min(r[0], size);
            int to = r[1] == 0 ? (int) size : (int) Math.min(size, r[0] + r[1]);
            assertArrayEquals(Arrays.copyOfRange(all, from, Math.max(from, to)), o.toByteArray(), "range " + Arrays.toString(r));
            try (SparseFileInput in = open(p, r[0], r[1])) {
                assertArrayEquals(Arrays.copyOfRange(all, from, Math.max(from, to)), in.readAllBytes(),
                    "range read plainly " + Arrays.toString(r));
            }
        }
    }

    @Test
    void aLongHoleIsOneSectionAndDataStopsAtTheReadAhead() throws IOException {
        long size = 10L * 1024 * 1024;
        Path p = file(size, new long[][] {{0, 3 * SparseFileInput.BUFFER}});
        try (SparseFileInput in = open(p, 0, 0)) {
            SparseInput.Section s = in.section();
            assertEquals(new SparseInput.Section(false, SparseFileInput.BUFFER), s, "data within the read-ahead");
            in.skip(3L * SparseFileInput.BUFFER); // read past the data
            s = in.section();
            assertEquals(new SparseInput.Section(true, size - 3L * SparseFileInput.BUFFER), s, "the trailing hole, whole");
            in.skipHole(s.length());
            assertEquals(SparseInput.Section.END, in.section());
            assertEquals(-1, in.read());
        }
    }

    @Test
    void onlyAHoleReportedCanBeSkipped() throws IOException {
        Path p = file(4 * B, new long[][] {{B, B}});
        try (SparseFileInput in = open(p, 0, 0)) {
            assertThrows(IllegalStateException.class, () -> in.skipHole(B), "no section asked yet");
            SparseInput.Section s = in.section();
            assertEquals(new SparseInput.Section(true, B), s);
            assertThrows(IllegalStateException.class, () -> in.skipHole(B + 1), "longer than the hole");
            in.skipHole(100);
            in.skipHole(B - 100);
            assertThrows(IllegalStateException.class, () -> in.skipHole(1), "in data now");
            assertEquals(new SparseInput.Section(false, B), in.section());
        }
        try (SparseFileInput in = open(p, 0, 0)) {
            in.close();
            assertThrows(IOException.class, in::section);
        }
    }

    @Test
    void anOffsetAndLengthWhoseSumOverflowsReadToTheEnd() throws IOException {
        Path p = file(4 * B, new long[][] {{B, B}});
        try (SparseFileInput in = open(p, 10, Long.MAX_VALUE)) {
            assertEquals(4 * B - 10, in.readAllBytes().length);
        }
    }
}
