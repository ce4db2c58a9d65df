package io.jvirt.api;

/**
 * The pattern {@link StorageVol#wipe(StorageVolWipeAlgorithm)} overwrites a volume with
 * ({@code virStorageVolWipeAlgorithm}; the ordinal is libvirt's number), named as {@code virsh
 * vol-wipe --algorithm} names it.
 *
 * @since 0.6.0
 */
public enum StorageVolWipeAlgorithm {
    /** One pass of zeros (libvirt's default). */
    ZERO("zero"),
    /** NNSA NAP-14.1-C (three passes). */
    NNSA("nnsa"),
    /** DoD 5220.22-M (three passes). */
    DOD("dod"),
    /** BSI (seven passes). */
    BSI("bsi"),
    /** Gutmann (35 passes). */
    GUTMANN("gutmann"),
    /** Schneier (seven passes). */
    SCHNEIER("schneier"),
    /** Pfitzner, seven random passes. */
    PFITZNER7("pfitzner7"),
    /** Pfitzner, 33 random passes. */
    PFITZNER33("pfitzner33"),
    /** One random pass. */
    RANDOM("random"),
    /** Discards the volume's blocks (TRIM); for storage that zeroes trimmed blocks. */
    TRIM("trim");

    private final String label;

    StorageVolWipeAlgorithm(String label) {
        this.label = label;
    }

    /** libvirt's number of the algorithm. */
    public int number() {
        return ordinal();
    }

    /** As {@code virsh vol-wipe --algorithm} names it ("zero"). */
    public String label() {
        return label;
    }

    /** The algorithm of libvirt's number; null for a number libvirt does not define. */
    public static StorageVolWipeAlgorithm ofNumber(int number) {
        StorageVolWipeAlgorithm[] all = values();
        return number < 0 || number >= all.length ? null : all[number];
    }
}
