package io.jvirt.api.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removes a directory a test made, with everything in it, after the processes using it are gone. */
public final class TempTree {

    private TempTree() {
    }

    /** Deletes {@code root} and everything below it; a tree already gone is fine. Symbolic links are removed, never followed. */
    public static void delete(Path root) {
        if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path p : all) {
            try {
                Files.deleteIfExists(p);
            } catch (NoSuchFileException e) {
                // gone meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + p, e);
            }
        }
    }
}
