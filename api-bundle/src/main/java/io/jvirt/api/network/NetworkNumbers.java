package io.jvirt.api.network;

import io.jvirt.api.domain.LibvirtNumbers;

/** C's strtoul with base 0 as libvirt's virStrToLong_ui(s, NULL, 0, ...) uses it. */
final class NetworkNumbers {

    private NetworkNumbers() {
    }

    /** {@link LibvirtNumbers#uiBase0}. */
    static Long uiBase0(String s) {
        return LibvirtNumbers.uiBase0(s);
    }
}
