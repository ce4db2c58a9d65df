package io.jvirt.api.domain;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@link LazyList}'s counterpart for a map field that stays null while empty (a domain's root
 * namespaces, a container's init environment): reads as an empty map, makes the owner's map on the
 * first {@code put}, and always reads and writes through the owner's field.
 */
final class LazyMap<K, V> extends AbstractMap<K, V> {

    /** The owner's field: {@code get(false)} its map or null, {@code get(true)} its map, made if absent. */
    interface Field<K, V> {
        Map<K, V> get(boolean make);
    }

    private final Field<K, V> field;

    LazyMap(Field<K, V> field) {
        this.field = field;
    }

    private Map<K, V> current() {
        Map<K, V> m = field.get(false);
        return m == null ? Collections.emptyMap() : m;
    }

    @Override
    public V put(K key, V value) {
        return field.get(true).put(key, value);
    }

    @Override
    public V get(Object key) {
        return current().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return current().containsKey(key);
    }

    @Override
    public V remove(Object key) {
        Map<K, V> m = field.get(false);
        return m == null ? null : m.remove(key);
    }

    @Override
    public int size() {
        return current().size();
    }

    @Override
    public void clear() {
        Map<K, V> m = field.get(false);
        if (m != null) {
            m.clear();
        }
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                return current().entrySet().iterator();
            }

            @Override
            public int size() {
                return current().size();
            }
        };
    }
}
