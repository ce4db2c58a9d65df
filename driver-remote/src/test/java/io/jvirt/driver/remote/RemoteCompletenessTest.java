package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.DriverConnection;

/**
 * Issue 25: every API the core offers maps to its procedure. Every method of the SPI
 * ({@link DriverConnection}) whose default throws NO_SUPPORT must be implemented by the remote
 * driver's connection class (itself or a class it extends), unless it is exempt below because
 * libvirt's protocol has no procedure for it.
 */
class RemoteCompletenessTest {

    /**
     * SPI methods with no procedure in libvirt's remote_protocol.x, each with the reason. Empty:
     * every API the SPI has today is a procedure of libvirt's protocol.
     */
    private static final Map<String, String> NO_PROCEDURE = Map.of();

    /** The SPI's methods whose default answers NO_SUPPORT, found by calling each default on a bare connection. */
    static Set<Method> unsupportedByDefault() throws IllegalAccessException {
        DriverConnection bare = new DriverConnection() {
            @Override
            public String type() {
                return "BARE";
            }

            @Override
            public void close() {
            }
        };
        Set<Method> out = new java.util.LinkedHashSet<>();
        for (Method m : DriverConnection.class.getMethods()) {
            if (!m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Object[] args = new Object[m.getParameterCount()];
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = !types[i].isPrimitive() ? null
                    : types[i] == boolean.class ? (Object) false
                    : types[i] == long.class ? (Object) 0L : (Object) 0;
            }
            try {
                m.invoke(bare, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof VirtException v && v.code() == ErrorCode.NO_SUPPORT) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    @Test
    void everyUnsupportedDefaultIsImplementedByTheRemoteConnection() throws Exception {
        Set<Method> spi = unsupportedByDefault();
        assertTrue(spi.size() > 100, "the SPI's unsupported defaults were not found: " + spi.size());
        Set<String> missing = new TreeSet<>();
        for (Method m : spi) {
            Method impl = RemoteConnection.class.getMethod(m.getName(), m.getParameterTypes());
            boolean implemented = !impl.isDefault() && !impl.getDeclaringClass().isInterface()
                && !Modifier.isAbstract(impl.getModifiers());
            if (!implemented && !NO_PROCEDURE.containsKey(m.getName())) {
                missing.add(m.getName());
            }
        }
        assertEquals(new TreeSet<>(), missing, "SPI methods the remote driver does not map to their procedure");
    }

    @Test
    void theExemptionsAreStillPartOfTheSpiAndStillUnimplemented() throws Exception {
        List<String> stale = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (Method m : unsupportedByDefault()) {
            names.add(m.getName());
        }
        for (String exempt : NO_PROCEDURE.keySet()) {
            if (!names.contains(exempt)) {
                stale.add(exempt);
            }
        }
        assertEquals(List.of(), stale, "exemptions that name no unsupported SPI method any more");
    }
}
