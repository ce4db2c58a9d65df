package io.jvirt.api;

/**
 * A libvirt flag: each flag enumeration of the API implements this with libvirt's bit value, so
 * that drivers and remote protocols see the numbers libvirt clients use.
 */
public interface Flag {

    /** libvirt's value of this flag. */
    int bit();

    /** The bitwise OR of the flags' values; 0 for none. */
    static int bits(Flag... flags) {
        int bits = 0;
        if (flags != null) {
            for (Flag f : flags) {
                bits |= f.bit();
            }
        }
        return bits;
    }
}
