package io.jvirt.driver.storage;

import java.util.Map;

import io.jvirt.core.kit.BoundedJson;

/**
 * What qemu-img info says about an image: libvirt's capacity (virtual-size), allocation
 * (actual-size: bytes on disk), the backing file as written in the header and its format.
 *
 * @param format        the image's format (RAW for a format libvirt has no name for)
 * @param capacity      virtual size in bytes
 * @param allocation    bytes the file takes on the host (0 when qemu-img could not tell)
 * @param backingFile   the backing file as the header names it, or null
 * @param backingFormat the backing file's format as the header names it, or null
 * @param clusterSize   the cluster size, or 0
 * @param compat        qcow2's compat level, or null
 * @param lazyRefcounts whether qcow2's lazy_refcounts feature is on
 */
record ImageInfo(ImageFormat format, long capacity, long allocation, String backingFile,
                 ImageFormat backingFormat, long clusterSize, String compat, boolean lazyRefcounts) {

    /** Longest backing file name kept (PATH_MAX: a longer one is not a path libvirt could open). */
    static final int MAX_BACKING = 4096;

    /**
     * Reads qemu-img info --output=json. The text is hostile (a guest writes the header it
     * describes): wrong types, negative or huge sizes, absurd lengths and control characters in a
     * backing name are errors rather than values.
     *
     * @throws IllegalArgumentException when it is not the document qemu-img writes
     */
    static ImageInfo parse(String json) {
        Map<String, Object> o = BoundedJson.object(BoundedJson.parse(json), "qemu-img info");
        Long virtualSize = BoundedJson.optUnsigned(o, "virtual-size");
        if (virtualSize == null) {
            throw new IllegalArgumentException("qemu-img info without 'virtual-size'");
        }
        Long actual = BoundedJson.optUnsigned(o, "actual-size");
        ImageFormat fmt = ImageFormat.fromQemu(BoundedJson.optString(o, "format"));
        String backing = checkedName(BoundedJson.optString(o, "backing-filename"));
        ImageFormat backingFmt = ImageFormat.fromQemu(BoundedJson.optString(o, "backing-filename-format"));
        Long cluster = BoundedJson.optUnsigned(o, "cluster-size");
        String compat = null;
        boolean lazy = false;
        Object specific = o.get("format-specific");
        if (specific != null && specific != BoundedJson.NULL) {
            Map<String, Object> fs = BoundedJson.object(specific, "format-specific");
            Object data = fs.get("data");
            if (data != null && data != BoundedJson.NULL) {
                Map<String, Object> d = BoundedJson.object(data, "format-specific data");
                compat = BoundedJson.optString(d, "compat");
                if (compat != null && !compat.matches("[0-9]{1,3}\\.[0-9]{1,3}")) {
                    throw new IllegalArgumentException("odd qcow2 compat level");
                }
                Object l = d.get("lazy-refcounts");
                if (l != null && !(l instanceof Boolean)) {
                    throw new IllegalArgumentException("'lazy-refcounts' is not a boolean");
                }
                lazy = Boolean.TRUE.equals(l);
            }
        }
        return new ImageInfo(fmt == null ? ImageFormat.RAW : fmt, virtualSize, actual == null ? 0 : actual,
            backing, backing == null ? null : backingFmt, cluster == null ? 0 : cluster, compat, lazy);
    }

    private static String checkedName(String name) {
        if (name == null) {
            return null;
        }
        if (name.isEmpty() || name.length() > MAX_BACKING) {
            throw new IllegalArgumentException("backing file name of " + name.length() + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("control character in the backing file name");
            }
        }
        return name;
    }
}
