package io.jvirt.api.testing;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.ValidationDriver;

/**
 * libvirt's own RelaxNG schemas as a test oracle: the files Debian's libvirt0 installs in
 * {@value #DIR} (.ci/run installs it), read by Jing. Every document jvirt formats must validate
 * against libvirt's schema for it ({@code domain.rng}, {@code network.rng}, ...).
 *
 * <p>Where the schemas are missing, {@link #available()} is false; a test then fails in CI
 * ({@code CI=true}) and is skipped elsewhere, through {@link #require()} ({@link Prerequisite}).
 */
public final class LibvirtSchemas {

    /** Where Debian's libvirt0 puts the schemas. */
    public static final String DIR = "/usr/share/libvirt/schemas";

    /** One loaded schema per thread and file: Jing's drivers are not thread-safe. */
    private static final ThreadLocal<Map<String, ValidationDriver>> DRIVERS = ThreadLocal.withInitial(ConcurrentHashMap::new);

    private LibvirtSchemas() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("jvirt.libvirt.schemas", DIR));
    }

    public static boolean available() {
        return Files.isRegularFile(dir().resolve("domain.rng"));
    }

    /**
     * Fails in CI when libvirt's schemas are missing (a missing oracle is a failure there), and
     * skips the test with the reason elsewhere ({@link Prerequisite#missing}).
     */
    public static void require() {
        if (available()) {
            return;
        }
        throw Prerequisite.missing("libvirt's RelaxNG schemas are not installed in " + dir() + " (Debian's libvirt0)");
    }

    /**
     * The problems Jing finds in {@code xml} against schema {@code rngFile} ("domain.rng"), each as
     * "line N: message"; empty when the document is valid.
     */
    public static List<String> problems(String rngFile, String xml) {
        List<String> problems = new ArrayList<>();
        ErrorHandler collect = new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // warnings are not invalidity
            }

            @Override
            public void error(SAXParseException e) {
                problems.add("line " + e.getLineNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                problems.add("line " + e.getLineNumber() + ": " + e.getMessage());
            }
        };
        try {
            ValidationDriver driver = driver(rngFile, collect);
            driver.validate(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            problems.add("not validated: " + e.getMessage());
        }
        return problems;
    }

    /** Fails with Jing's words when {@code xml} is not valid against {@code rngFile}. */
    public static void assertValid(String rngFile, String xml, String what) {
        List<String> p = problems(rngFile, xml);
        if (!p.isEmpty()) {
            throw new AssertionError(what + " is not valid against libvirt's " + rngFile + ": " + p + "\n" + xml);
        }
    }

    private static ValidationDriver driver(String rngFile, ErrorHandler handler) throws SAXException, IOException {
        // the error handler is a property of the driver: one driver per (thread, file), its handler swapped in
        Map<String, ValidationDriver> mine = DRIVERS.get();
        SwappableHandler h = HANDLERS.get();
        h.target = handler;
        ValidationDriver d = mine.get(rngFile);
        if (d == null) {
            PropertyMapBuilder props = new PropertyMapBuilder();
            props.put(ValidateProperty.ERROR_HANDLER, h);
            d = new ValidationDriver(props.toPropertyMap());
            Path rng = dir().resolve(rngFile);
            if (!d.loadSchema(ValidationDriver.fileInputSource(rng.toFile()))) {
                throw new SAXException("cannot load " + rng);
            }
            mine.put(rngFile, d);
        }
        return d;
    }

    private static final ThreadLocal<SwappableHandler> HANDLERS = ThreadLocal.withInitial(SwappableHandler::new);

    /** The handler a cached driver reports to, pointed at the current call's collector. */
    private static final class SwappableHandler implements ErrorHandler {
        ErrorHandler target;

        @Override
        public void warning(SAXParseException e) throws SAXException {
            target.warning(e);
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            target.error(e);
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            target.fatalError(e);
        }
    }
}
