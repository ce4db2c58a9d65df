package io.jvirt.api.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * libvirt's own API description as a test oracle: {@value #FILE}, which Debian's libvirt-dev
 * installs (.ci/run installs it), lists every enum constant of the C API with its value and its
 * C enum type. Tests check that jvirt's enums mirroring libvirt's carry libvirt's numbers.
 *
 * <p>Where the file is missing, {@link #available()} is false; a test then fails in CI
 * ({@code CI=true}) and is skipped elsewhere, through {@link #require()}, as with
 * {@link LibvirtSchemas}.
 */
public final class LibvirtApi {

    /** Where Debian's libvirt-dev puts the API description. */
    public static final String FILE = "/usr/share/libvirt/api/libvirt-api.xml";

    private static volatile LibvirtApi loaded;

    /** Constant name to value, e.g. VIR_ERR_XML_ERROR to 27. */
    private final Map<String, Long> values;
    /** C enum type to its constants in value order, e.g. virDomainRunningReason. */
    private final Map<String, Map<String, Long>> types;

    /** The C API's public functions (virDomainGetXMLDesc, ...). */
    private final Set<String> functions;

    private LibvirtApi(Map<String, Long> values, Map<String, Map<String, Long>> types, Set<String> functions) {
        this.values = values;
        this.types = types;
        this.functions = functions;
    }

    public static Path file() {
        return Path.of(System.getProperty("jvirt.libvirt.api", FILE));
    }

    public static boolean available() {
        return Files.isRegularFile(file());
    }

    /**
     * Fails in CI when the API description is missing (a missing oracle is a failure there), and
     * says so elsewhere through JUnit's assumption (the test is skipped with the reason).
     */
    public static void require() {
        if (available()) {
            return;
        }
        throw Prerequisite.missing("libvirt's API description is not installed at " + file() + " (Debian's libvirt-dev)");
    }

    /** The parsed description (read once). */
    public static LibvirtApi load() {
        LibvirtApi api = loaded;
        if (api == null) {
            synchronized (LibvirtApi.class) {
                if (loaded == null) {
                    loaded = read(file());
                }
                api = loaded;
            }
        }
        return api;
    }

    /** The value of constant {@code name} (VIR_...), empty when libvirt has no such constant. */
    public OptionalLong value(String name) {
        Long v = values.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The constants of C enum {@code type} by name, in value order; empty when there is no such type. */
    public Map<String, Long> enumType(String type) {
        return types.getOrDefault(type, Map.of());
    }

    /** The names of the C API's public functions, as libvirt spells them. */
    public Set<String> functions() {
        return functions;
    }

    /** How many constants the description lists. */
    public int size() {
        return values.size();
    }

    private static Long resolve(Map<String, String[]> raw, String name, int depth) {
        String[] r = raw.get(name);
        if (r == null || depth > 10) {
            return null;
        }
        try {
            return Long.decode(r[0]);
        } catch (NumberFormatException e) {
            return resolve(raw, r[0], depth + 1);
        }
    }

    private static LibvirtApi read(Path file) {
        Map<String, Long> values = new LinkedHashMap<>();
        Map<String, Map<String, Long>> types = new TreeMap<>();
        Map<String, String[]> raw = new LinkedHashMap<>();
        Set<String> functions = new TreeSet<>();
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            while (r.hasNext()) {
                if (r.next() != XMLStreamReader.START_ELEMENT) {
                    continue;
                }
                if ("function".equals(r.getLocalName()) && r.getAttributeValue(null, "name") != null) {
                    functions.add(r.getAttributeValue(null, "name"));
                }
                if ("enum".equals(r.getLocalName())) {
                    String name = r.getAttributeValue(null, "name");
                    String value = r.getAttributeValue(null, "value");
                    String type = r.getAttributeValue(null, "type");
                    if (name == null || value == null) {
                        continue;
                    }
                    raw.put(name, new String[] {value.strip(), type});
                }
            }
        } catch (IOException | XMLStreamException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        // a value is a number or another constant's name (an alias such as a *_LAST sentinel)
        for (Map.Entry<String, String[]> e : raw.entrySet()) {
            Long v = resolve(raw, e.getKey(), 0);
            if (v == null) {
                continue;
            }
            values.put(e.getKey(), v);
            if (e.getValue()[1] != null) {
                types.computeIfAbsent(e.getValue()[1], t -> new LinkedHashMap<>()).put(e.getKey(), v);
            }
        }
        types.replaceAll((t, m) -> {
            Map<String, Long> sorted = new LinkedHashMap<>();
            m.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return Collections.unmodifiableMap(sorted);
        });
        return new LibvirtApi(Collections.unmodifiableMap(values), Collections.unmodifiableMap(types),
                Collections.unmodifiableSet(functions));
    }
}
