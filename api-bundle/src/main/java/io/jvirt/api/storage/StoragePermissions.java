package io.jvirt.api.storage;

/**
 * {@code <permissions>} of a pool's target or a volume (libvirt's virStoragePerms): each part null
 * when unset (libvirt's -1), which libvirt leaves out of the XML.
 *
 * @param mode  the octal mode bits (at most 0777)
 * @param owner the owning user id (0..4294967294)
 * @param group the owning group id (0..4294967294)
 * @param label the security label
 */
public record StoragePermissions(Integer mode, Long owner, Long group, String label) {

    /** No permissions given. */
    public static final StoragePermissions NONE = new StoragePermissions(null, null, null, null);

    public boolean isEmpty() {
        return mode == null && owner == null && group == null && label == null;
    }
}
