package io.jvirt.driver.storage;

import java.util.List;

/** What a pool refresh found: its volumes (sorted by name) and its space. */
record PoolContents(List<VolumeInfo> volumes, PoolSpace space) {

    PoolContents {
        volumes = List.copyOf(volumes);
    }

    /** The volume named {@code name}, or null. */
    VolumeInfo volume(String name) {
        return volumes.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }
}
