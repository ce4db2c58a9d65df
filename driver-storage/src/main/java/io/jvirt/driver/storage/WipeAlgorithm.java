package io.jvirt.driver.storage;

/**
 * libvirt's virStorageVolWipeAlgorithm, in its order (the API's numbers) with scrub's pattern
 * names. ZERO is written here; the patterns go to scrub(1) as libvirt does; TRIM is refused.
 */
enum WipeAlgorithm {
    ZERO("zero"), NNSA("nnsa"), DOD("dod"), BSI("bsi"), GUTMANN("gutmann"), SCHNEIER("schneier"),
    PFITZNER7("pfitzner7"), PFITZNER33("pfitzner33"), RANDOM("random"), TRIM("trim");

    private final String scrubName;

    WipeAlgorithm(String scrubName) {
        this.scrubName = scrubName;
    }

    String scrubName() {
        return scrubName;
    }

    /** The algorithm numbered {@code n} in libvirt's API, or null. */
    static WipeAlgorithm ofNumber(int n) {
        return n >= 0 && n < values().length ? values()[n] : null;
    }
}
