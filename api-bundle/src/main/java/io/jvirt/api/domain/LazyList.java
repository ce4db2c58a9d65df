package io.jvirt.api.domain;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A modifiable list view of a model field that stays null while the list is empty: most domains
 * have no kept elements, boot devices or init arguments, and an empty {@code ArrayList} per field
 * and domain was a sixth of a defined domain's memory (issue 27, measured by class histograms). The
 * owner's getter returns its list when there is one, else this view, which reads as empty and makes
 * the owner's list on its first insertion; every read and write goes to the owner's field, so two
 * views of the same field, or a view kept after the list was made, stay in step with it.
 */
final class LazyList<E> extends AbstractList<E> implements RandomAccess {

    /** The owner's field: {@code get(false)} its list or null, {@code get(true)} its list, made if absent. */
    interface Field<E> {
        List<E> get(boolean make);
    }

    private final Field<E> field;

    LazyList(Field<E> field) {
        this.field = field;
    }

    @Override
    public E get(int index) {
        List<E> l = field.get(false);
        if (l == null) {
            throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length 0");
        }
        return l.get(index);
    }

    @Override
    public int size() {
        List<E> l = field.get(false);
        return l == null ? 0 : l.size();
    }

    @Override
    public E set(int index, E element) {
        List<E> l = field.get(false);
        if (l == null) {
            throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length 0");
        }
        return l.set(index, element);
    }

    @Override
    public void add(int index, E element) {
        List<E> l = field.get(false);
        if (l == null && index != 0) {
            throw new IndexOutOfBoundsException("Index: " + index + ", Size: 0");
        }
        field.get(true).add(index, element);
        modCount++;
    }

    @Override
    public E remove(int index) {
        List<E> l = field.get(false);
        if (l == null) {
            throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length 0");
        }
        modCount++;
        return l.remove(index);
    }
}
