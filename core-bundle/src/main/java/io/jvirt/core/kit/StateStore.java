package io.jvirt.core.kit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The on-disk state of one stateful driver host, after libvirt's {@code /etc/libvirt/<driver>} and
 * {@code /run/libvirt/<driver>} directories:
 * <pre>
 * &lt;root&gt;/config/&lt;name&gt;.xml        each persistent definition, as the driver formats it
 * &lt;root&gt;/status/&lt;name&gt;.status     each running domain's live state ({@link DomainStatus})
 * &lt;root&gt;/autostart/&lt;name&gt;.xml     an empty marker: the domain starts with the host
 * &lt;root&gt;/autostart/.last-boot      the host boot the last autostart ran in ({@link AutostartTracker})
 * </pre>
 * The store keeps strings: it never parses domain XML, the driver does (and may check what is
 * loaded through a {@link Validator}).
 *
 * <p>Durability: every save is atomic and durable when it returns (temp file, fsync, rename,
 * fsync of the directory), so a define that returns has its file on disk, and a crash leaves the
 * old file or the new one, never a mix. Status files are the exception to "durable": they are
 * atomic (temp file, rename) but not forced to disk, as libvirt keeps them on a tmpfs under /run.
 * They describe processes, and what survives a power loss is the file system, not the processes:
 * after one, every status file names a pid whose start time no longer matches and is cleaned up as
 * not running, whatever version of it is on disk. Not forcing them keeps two fsyncs of file and
 * directory off every state change of a running domain (measured: about 5 ms of a 110 ms QEMU start).
 *
 * <p>Loading removes temp files left by a crash and moves a file that is corrupt in itself (empty,
 * not UTF-8, a status file that fails its own checks) aside to {@code <file>.corrupt-<time>} with
 * an ERROR in the log; the other files load. A file the driver's {@link Validator} rejects is
 * <em>not</em> moved: a validator judges the content against the environment (a hypervisor probe
 * that failed once, machine types a new emulator no longer offers), and the environment may be
 * what is wrong. Such a file stays where it is, unloaded, and its name stays reserved: a save
 * under that name fails until a later load accepts the file ({@link #unloadedConfigs},
 * {@link #unloadedStatuses}), so a define can never overwrite a definition nobody could read, and
 * a new start never overwrites the status of a guest that may still run. libvirt likewise loads
 * stored definitions with fewer checks than a define and fails at start. Nothing is ever deleted
 * except by {@link #deleteConfig}, {@link #deleteStatus}, {@link #setAutostart} and {@link #deleteAll}.
 *
 * <p>Threads: operations on different names may run at once; the driver serializes those on one
 * name by holding the domain's job. One store per root directory.
 *
 * <p>Errors: INVALID_ARG for a name that could leave its directory, WRITE_FAILED when a save fails
 * (the previous file is intact), SYSTEM_ERROR when a removal fails.
 */
public final class StateStore {

    public static final String CONFIG_DIR = "config";
    public static final String STATUS_DIR = "status";
    public static final String AUTOSTART_DIR = "autostart";
    static final String CONFIG_EXT = ".xml";
    static final String STATUS_EXT = ".status";
    /** System property: the directory under which every driver gets {@code <driver>/}. */
    public static final String PROP_STATE_DIR = "jvirt.state.dir";

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

    /** Checks a loaded file's content; any exception rejects the file (its message is logged). */
    @FunctionalInterface
    public interface Validator {
        void validate(String name, String content) throws Exception;
    }

    private final Path root;
    private final Path configDir;
    private final Path statusDir;
    private final Path autostartDir;
    private volatile AtomicFiles.BeforeRename beforeRename = temp -> { };
    /** Names whose file the last load left unloaded (validator rejected it), with the reason. */
    private final Map<String, String> unloadedConfigs = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> unloadedStatuses = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param root the driver's state directory; created on the first save */
    public StateStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
        this.configDir = this.root.resolve(CONFIG_DIR);
        this.statusDir = this.root.resolve(STATUS_DIR);
        this.autostartDir = this.root.resolve(AUTOSTART_DIR);
    }

    /**
     * The default root of driver {@code driverName}: {@code ${jvirt.state.dir}/<driver>} when that
     * system property is set, else {@code ${karaf.data}/jvirt/<driver>} in a Karaf container, else
     * {@code ./data/jvirt/<driver>}.
     */
    public static Path defaultRoot(String driverName) {
        checkName(driverName);
        String configured = System.getProperty(PROP_STATE_DIR);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim(), driverName);
        }
        String karafData = System.getProperty("karaf.data");
        Path base = karafData != null && !karafData.isBlank() ? Path.of(karafData.trim()) : Path.of("data");
        return base.resolve("jvirt").resolve(driverName).toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    public Path configDir() {
        return configDir;
    }

    public Path statusDir() {
        return statusDir;
    }

    public Path autostartDir() {
        return autostartDir;
    }

    /** The once-per-boot autostart rule over this store's autostart directory. */
    public AutostartTracker autostartTracker() {
        return new AutostartTracker(autostartDir);
    }

    /**
     * Refuses a name that could leave its directory or hide among the store's own files: empty,
     * containing '/', '\' or NUL, or starting with '.' (which also covers "." and "..").
     *
     * @throws VirtException INVALID_ARG
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty() || name.startsWith(".") || name.indexOf('/') >= 0
            || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.CONF,
                "domain name '" + String.valueOf(name).replace("\0", "\\0") + "' cannot be used as a file name");
        }
    }

    // ---------- config ----------

    /** Writes {@code name}'s persistent definition; durable when this returns. */
    public void saveConfig(String name, String xml) {
        Objects.requireNonNull(xml, "xml");
        checkNotReserved(name, unloadedConfigs, configFile(name));
        AtomicFiles.write(configFile(name), xml.getBytes(StandardCharsets.UTF_8), beforeRename);
    }

    /** {@code name}'s persistent definition as stored, if any (no validation, no quarantine). */
    public Optional<String> readConfig(String name) {
        Path f = configFile(name);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(decodeStrict(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new VirtException(ErrorCode.READ_FAILED, ErrorDomain.CONF, f + ": " + AtomicFiles.describe(e), e);
        }
    }

    /** {@link #loadConfigs(Validator)} without a validator: only unreadable or empty files are rejected. */
    public Map<String, String> loadConfigs() {
        return loadConfigs(null);
    }

    /**
     * Every persistent definition, by name (sorted). Removes leftover temp files first; a file that
     * is empty or not UTF-8 is quarantined; a file that cannot be read or that {@code validator}
     * rejects stays in place, unloaded and reserved ({@link #unloadedConfigs}).
     */
    public Map<String, String> loadConfigs(Validator validator) {
        Map<String, String> out = new TreeMap<>();
        unloadedConfigs.clear();
        for (Map.Entry<String, Path> e : list(configDir, CONFIG_EXT).entrySet()) {
            String content = readChecked(e.getKey(), e.getValue(), null, validator, unloadedConfigs);
            if (content != null) {
                out.put(e.getKey(), content);
            }
        }
        return out;
    }

    /**
     * The configs the last {@link #loadConfigs} left in place without loading them, name to reason:
     * their names are reserved ({@link #saveConfig} refuses them) until a load accepts the file.
     */
    public Map<String, String> unloadedConfigs() {
        return Map.copyOf(unloadedConfigs);
    }

    /** The status files the last {@link #loadStatuses} left in place unloaded (see {@link #unloadedConfigs}). */
    public Map<String, String> unloadedStatuses() {
        return Map.copyOf(unloadedStatuses);
    }

    /** Removes {@code name}'s config (an explicit removal also ends a reservation, see {@link #unloadedConfigs}). */
    public void deleteConfig(String name) {
        AtomicFiles.delete(configFile(name));
        unloadedConfigs.remove(name);
    }

    // ---------- status ----------

    /** Writes a running domain's status atomically (not forced to disk: see the class comment). */
    public void saveStatus(String name, DomainStatus status) {
        Objects.requireNonNull(status, "status");
        checkNotReserved(name, unloadedStatuses, statusFile(name));
        AtomicFiles.write(statusFile(name), status.encode(name).getBytes(StandardCharsets.UTF_8), beforeRename, false);
    }

    /** {@link #loadStatuses(Validator)} without a validator of the live XML. */
    public Map<String, DomainStatus> loadStatuses() {
        return loadStatuses(null);
    }

    /**
     * Every running domain's status, by name. A status file that is corrupt or partial (see
     * {@link DomainStatus}) is quarantined; one whose live XML {@code liveXmlValidator} rejects
     * stays in place, unloaded and reserved ({@link #unloadedStatuses}): its guest may still run.
     */
    public Map<String, DomainStatus> loadStatuses(Validator liveXmlValidator) {
        Map<String, DomainStatus> out = new TreeMap<>();
        unloadedStatuses.clear();
        for (Map.Entry<String, Path> e : list(statusDir, STATUS_EXT).entrySet()) {
            String name = e.getKey();
            String content = readChecked(name, e.getValue(), DomainStatus::decode,
                liveXmlValidator == null ? null : (n, c) -> liveXmlValidator.validate(n, DomainStatus.decode(n, c).liveXml()),
                unloadedStatuses);
            if (content != null) {
                out.put(name, DomainStatus.decode(name, content));
            }
        }
        return out;
    }

    public void deleteStatus(String name) {
        AtomicFiles.delete(statusFile(name), false);
        unloadedStatuses.remove(name);
    }

    // ---------- autostart ----------

    /** Sets or clears {@code name}'s autostart marker; durable when this returns. */
    public void setAutostart(String name, boolean autostart) {
        Path marker = autostartFile(name);
        if (autostart) {
            if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
                AtomicFiles.write(marker, new byte[0], beforeRename);
            }
        } else {
            AtomicFiles.delete(marker);
        }
    }

    /** Whether {@code name} has an autostart marker (a file, or a symlink as libvirt makes them). */
    public boolean isAutostart(String name) {
        return Files.exists(autostartFile(name), LinkOption.NOFOLLOW_LINKS);
    }

    /** The names that have an autostart marker, whether or not a config exists for them. */
    public Set<String> autostartNames() {
        return new TreeSet<>(list(autostartDir, CONFIG_EXT).keySet());
    }

    /** Removes everything stored for {@code name}: config, status and autostart marker. */
    public void deleteAll(String name) {
        deleteStatus(name);
        setAutostart(name, false);
        deleteConfig(name);
    }

    // ---------- internals ----------

    /** Test seam: runs between the temp write and the rename of every save. */
    void setBeforeRename(AtomicFiles.BeforeRename hook) {
        this.beforeRename = hook == null ? temp -> { } : hook;
    }

    Path configFile(String name) {
        checkName(name);
        return configDir.resolve(name + CONFIG_EXT);
    }

    Path statusFile(String name) {
        checkName(name);
        return statusDir.resolve(name + STATUS_EXT);
    }

    Path autostartFile(String name) {
        checkName(name);
        return autostartDir.resolve(name + CONFIG_EXT);
    }

    /** name -> file for the files with {@code ext} in {@code dir}, after removing temp files. */
    private static Map<String, Path> list(Path dir, String ext) {
        Map<String, Path> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        AtomicFiles.removeTempFiles(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + ext)) {
            for (Path f : files) {
                String fileName = f.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ext.length());
                if (name.isEmpty() || name.startsWith(".") || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isSymbolicLink(f)) {
                    LOG.warn("ignoring {}: not a state file", f);
                    continue;
                }
                out.put(name, f);
            }
        } catch (IOException e) {
            LOG.error("cannot list {}: {}", dir, e.toString());
        }
        return out;
    }

    /**
     * The file's content, or null when it was quarantined ({@code integrity} failed: corrupt in
     * itself) or left unloaded ({@code validator} rejected it, or it could not be read: recorded in
     * {@code unloaded}, the file untouched).
     */
    private static String readChecked(String name, Path file, Validator integrity, Validator validator,
                                      Map<String, String> unloaded) {
        String content;
        try {
            content = decodeStrict(Files.readAllBytes(file));
        } catch (CharacterCodingException e) {
            AtomicFiles.quarantine(file, "not UTF-8: " + AtomicFiles.describe(e));
            return null;
        } catch (IOException e) {
            // a read error (EACCES, EIO) says nothing about the content: leave the file alone
            leaveUnloaded(name, file, "unreadable: " + AtomicFiles.describe(e), unloaded);
            return null;
        }
        if (content.isBlank()) {
            AtomicFiles.quarantine(file, "empty file");
            return null;
        }
        if (integrity != null) {
            try {
                integrity.validate(name, content);
            } catch (Exception e) {
                AtomicFiles.quarantine(file, "corrupt: " + e.getMessage());
                return null;
            }
        }
        if (validator != null) {
            try {
                validator.validate(name, content);
            } catch (Exception e) {
                leaveUnloaded(name, file, String.valueOf(e.getMessage()), unloaded);
                return null;
            }
        }
        return content;
    }

    private static void leaveUnloaded(String name, Path file, String why, Map<String, String> unloaded) {
        unloaded.put(name, why);
        LOG.error("cannot load {} ({}); left in place, and its name stays reserved until a load accepts it", file, why);
    }

    /** A save must not overwrite a file the last load could not take: it may be the only copy of a definition, or a live guest's status. */
    private static void checkNotReserved(String name, Map<String, String> unloaded, Path file) {
        String why = unloaded.get(name);
        if (why != null) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CONF,
                "the stored file " + file + " of '" + name + "' could not be loaded (" + why
                    + "): not overwriting it; fix or remove it and reload the driver");
        }
    }

    private static String decodeStrict(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
    }
}
