package io.jvirt.core.kit;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;

/**
 * The observers of one kind of object event of a driver (what {@link NetworkEventObservers} and
 * {@link StorageEventObservers} share): added and removed from any thread, each told in turn, a
 * failing one logged and skipped.
 */
final class ObserverList<O> {

    private final CopyOnWriteArrayList<O> observers = new CopyOnWriteArrayList<>();
    private final Logger log;

    ObserverList(Logger log) {
        this.log = log;
    }

    AutoCloseable add(O observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    /** Tells every observer; never throws. */
    void tell(Consumer<O> call, Object event) {
        for (O o : observers) {
            try {
                call.accept(o);
            } catch (RuntimeException e) {
                log.warn("event observer failed on {}", event, e);
            }
        }
    }

    int size() {
        return observers.size();
    }
}
