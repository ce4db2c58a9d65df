package io.jvirt.driver.vmware;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.AtomicFiles;

/**
 * The VMs defined through jvirt for one product: {@code STATE/PRODUCT.vms}, one line per VM,
 * "UUID NAME PATH" with name and path URL-encoded (so any character of either stays on its line),
 * replaced atomically and durably on every change (the kit's {@link AtomicFiles}). libvirt's
 * driver keeps this list in the connection's memory only; jvirt keeps it so that a define
 * outlives the connection. A line that does not read is logged and skipped; the file is never
 * rewritten from a partial reading without the skipped lines' knowledge (they are kept as text).
 */
final class DefinedVms {

    private static final Logger LOG = LoggerFactory.getLogger(DefinedVms.class);

    /** One defined VM. */
    record Entry(UUID uuid, String name, Path vmx) {
        String line() {
            return uuid + " " + URLEncoder.encode(name, StandardCharsets.UTF_8) + " "
                + URLEncoder.encode(vmx.toString(), StandardCharsets.UTF_8);
        }
    }

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();

    DefinedVms(Path file) {
        this.file = file;
        load();
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VMWARE,
                "cannot read the list of defined VMs '" + file + "': " + e.getMessage(), e);
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ", -1);
            try {
                if (f.length != 3) {
                    throw new IllegalArgumentException("3 fields expected");
                }
                Path vmx = Path.of(URLDecoder.decode(f[2], StandardCharsets.UTF_8));
                if (!vmx.isAbsolute()) {
                    throw new IllegalArgumentException("not an absolute path");
                }
                entries.add(new Entry(UUID.fromString(f[0]), URLDecoder.decode(f[1], StandardCharsets.UTF_8), vmx));
            } catch (IllegalArgumentException e) {
                LOG.error("{}: skipping a line that does not read ({}): {}", file, e.getMessage(), line);
                unreadable.add(line);
            }
        }
    }

    synchronized List<Entry> all() {
        return Collections.unmodifiableList(new ArrayList<>(entries));
    }

    synchronized void add(Entry e) {
        List<Entry> next = new ArrayList<>(entries);
        next.add(e);
        save(next);
    }

    synchronized void remove(UUID uuid) {
        List<Entry> next = new ArrayList<>(entries);
        next.removeIf(e -> e.uuid().equals(uuid));
        save(next);
    }

    private void save(List<Entry> next) {
        StringBuilder sb = new StringBuilder();
        for (String line : unreadable) {
            sb.append(line).append('\n');
        }
        for (Entry e : next) {
            sb.append(e.line()).append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), true);
        entries.clear();
        entries.addAll(next);
    }
}
