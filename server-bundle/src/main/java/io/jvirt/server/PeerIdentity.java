package io.jvirt.server;

import java.net.SocketOption;
import java.nio.channels.SocketChannel;

/**
 * The UNIX peer's user and group (SO_PEERCRED), for the log line of every change a client makes.
 * Read through reflection: {@code jdk.net} is a JDK module an OSGi framework does not export to
 * bundles, so the bundle must not import it.
 */
final class PeerIdentity {

    private PeerIdentity() {
    }

    static String of(SocketChannel ch) {
        try {
            Class<?> options = ClassLoader.getSystemClassLoader().loadClass("jdk.net.ExtendedSocketOptions");
            @SuppressWarnings("unchecked")
            SocketOption<Object> peercred = (SocketOption<Object>) options.getField("SO_PEERCRED").get(null);
            Object principal = ch.getOption(peercred);
            Object user = principal.getClass().getMethod("user").invoke(principal);
            Object group = principal.getClass().getMethod("group").invoke(principal);
            return "user=" + ((java.security.Principal) user).getName() + " group=" + ((java.security.Principal) group).getName();
        } catch (ReflectiveOperationException | RuntimeException | java.io.IOException e) {
            return "user=unknown (" + e.getClass().getSimpleName() + ")";
        }
    }
}
