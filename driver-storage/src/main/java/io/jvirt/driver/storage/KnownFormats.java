package io.jvirt.driver.storage;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.core.kit.AtomicFiles;
import io.jvirt.core.kit.StateStore;

/**
 * The format each directory-pool volume was made in, by pool and volume name, kept across
 * restarts in {@code <dir>/POOL.formats} (written atomically). {@link DirPool} hands a known
 * format to qemu-img instead of letting it probe what a guest wrote into the volume (a raw volume
 * whose guest wrote a qcow2 header naming a host file would otherwise turn into an image backed by
 * that file). Volumes this driver did not make have no entry and are probed, as libvirt probes.
 */
final class KnownFormats {

    private static final Logger LOG = LoggerFactory.getLogger(KnownFormats.class);

    private final Path dir;
    private final Map<String, Map<String, ImageFormat>> pools = new ConcurrentHashMap<>();

    /** @param dir where the per-pool files live; null keeps them in memory only */
    KnownFormats(Path dir) {
        this.dir = dir;
    }

    /** The lookup {@link DirPool} takes for {@code pool}: a volume name to its format, or null. */
    Function<String, ImageFormat> of(String pool) {
        Map<String, ImageFormat> m = load(pool);
        return m::get;
    }

    synchronized void remember(String pool, String volume, ImageFormat format) {
        Map<String, ImageFormat> m = load(pool);
        m.put(volume, format);
        save(pool, m);
    }

    synchronized void forget(String pool, String volume) {
        Map<String, ImageFormat> m = load(pool);
        if (m.remove(volume) != null) {
            save(pool, m);
        }
    }

    /** Drops the entries of volumes a refresh no longer found (removed behind the driver's back). */
    synchronized void retain(String pool, Collection<String> present) {
        Map<String, ImageFormat> m = load(pool);
        if (m.keySet().retainAll(present)) {
            save(pool, m);
        }
    }

    synchronized void forgetPool(String pool) {
        pools.remove(pool);
        if (dir != null) {
            AtomicFiles.deleteQuietly(file(pool));
        }
    }

    private Map<String, ImageFormat> load(String pool) {
        return pools.computeIfAbsent(pool, p -> {
            Map<String, ImageFormat> m = new ConcurrentHashMap<>();
            if (dir == null || !Files.isRegularFile(file(p))) {
                return m;
            }
            try {
                Properties props = new Properties();
                props.load(new StringReader(Files.readString(file(p), StandardCharsets.UTF_8)));
                for (String name : props.stringPropertyNames()) {
                    ImageFormat f = ImageFormat.fromXml(props.getProperty(name));
                    if (f != null) {
                        m.put(name, f);
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("cannot read the volume formats of pool '{}' from {}: {}", p, file(p), e.getMessage());
            }
            return m;
        });
    }

    private void save(String pool, Map<String, ImageFormat> m) {
        if (dir == null) {
            return;
        }
        StringBuilder sb = new StringBuilder("# the format each volume of storage pool '" + pool + "' was made in\n");
        for (Map.Entry<String, ImageFormat> e : new TreeMap<>(m).entrySet()) {
            Properties one = new Properties();
            one.setProperty(e.getKey(), e.getValue().xmlName());
            java.io.StringWriter w = new java.io.StringWriter();
            try {
                one.store(w, null);
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
            // Properties.store escapes the name; keep its entry line, drop its date comment
            w.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> sb.append(l).append('\n'));
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            LOG.warn("cannot create {}: {}", dir, e.getMessage());
            return;
        }
        AtomicFiles.write(file(pool), sb.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    private Path file(String pool) {
        StateStore.checkName(pool);
        return dir.resolve(pool + ".formats");
    }
}
