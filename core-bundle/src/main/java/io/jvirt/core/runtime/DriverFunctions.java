package io.jvirt.core.runtime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.DriverConnection;

/**
 * Which of libvirt's API functions a driver implements, read from its code: every entry point of
 * {@link DriverConnection} whose default answers NO_SUPPORT names its libvirt function in that
 * answer ("... not supported by the connection driver: virDomainSuspend"), and a driver implements
 * the function when its connection class overrides the entry point. The support matrix
 * (docs/SUPPORT.md, {@code virt:drivers --functions}) is made from this, never kept by hand.
 */
public final class DriverFunctions {

    private static final String PREFIX = "this function is not supported by the connection driver: ";
    /** Entry point -> libvirt function, in the SPI's declaration order; computed once. */
    private static final Map<Method, String> FUNCTIONS = probe();

    private DriverFunctions() {
    }

    /** Every libvirt function a driver can implement through the SPI, in the SPI's order. */
    public static List<String> all() {
        return new ArrayList<>(new java.util.LinkedHashSet<>(FUNCTIONS.values()));
    }

    /** The libvirt functions connections of {@code type} implement, sorted; empty for null. */
    public static Set<String> implementedBy(Class<? extends DriverConnection> type) {
        Set<String> out = new TreeSet<>();
        if (type == null) {
            return out;
        }
        for (Map.Entry<Method, String> e : FUNCTIONS.entrySet()) {
            Method m = e.getKey();
            try {
                if (type.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass() != DriverConnection.class) {
                    out.add(e.getValue());
                }
            } catch (NoSuchMethodException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return out;
    }

    /**
     * Calls each default entry point on a connection that implements nothing and reads the libvirt
     * function from its own NO_SUPPORT answer. An entry point whose default delegates to another
     * (domainId asks lookupByUuid) or answers by itself (isAlive) names no function of its own.
     */
    private static Map<Method, String> probe() {
        DriverConnection nothing = new DriverConnection() {
            @Override
            public String type() {
                return "none";
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
        Map<Method, String> out = new LinkedHashMap<>();
        for (Method m : DriverConnection.class.getDeclaredMethods()) {
            if (!m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Object[] args = new Object[m.getParameterCount()];
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = types[i] == int.class ? 0 : types[i] == long.class ? 0L : types[i] == boolean.class ? false : null;
            }
            try {
                m.invoke(nothing, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof VirtException v && v.code() == ErrorCode.NO_SUPPORT
                    && thrownDirectlyBy(v, m.getName()) && v.getMessage().startsWith(PREFIX)) {
                    out.put(m, v.getMessage().substring(PREFIX.length()));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        // declaration order is not guaranteed by reflection: sort by libvirt name within the SPI's groups
        List<Map.Entry<Method, String>> entries = new ArrayList<>(out.entrySet());
        entries.sort(Map.Entry.comparingByValue());
        Map<Method, String> sorted = new LinkedHashMap<>();
        for (Map.Entry<Method, String> e : entries) {
            sorted.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(sorted);
    }

    /** Whether the entry point itself threw, not one it delegated to. */
    private static boolean thrownDirectlyBy(VirtException e, String method) {
        StackTraceElement[] st = e.getStackTrace();
        // [0] DriverConnection.unsupported, [1] the entry point's default
        return st.length > 1 && "unsupported".equals(st[0].getMethodName()) && method.equals(st[1].getMethodName());
    }
}
