package io.jvirt.server;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Registration;
import io.jvirt.api.VirtException;

/**
 * A client's event callback with its kind. libvirtd keeps domain, network and storage pool
 * callbacks in lists of their own (remote_daemon_dispatch.c's domainEventCallbacks,
 * networkEventCallbacks, storageEventCallbacks), so an ID deregistered through another kind's
 * procedure is "not registered" there; the client's one ID counter keeps IDs unique across kinds.
 *
 * @param kind the words of libvirtd's error: "domain event callback", "network event callback"...
 */
record EventCallback(String kind, Registration registration) implements Registration {

    static final String DOMAIN = "domain event callback";
    static final String NETWORK = "network event callback";
    static final String STORAGE_POOL = "storage pool event callback";

    @Override
    public void close() {
        registration.close();
    }

    /** Registers {@code registration} as {@code kind}'s callback {@code id} of the client. */
    static void add(ClientSession c, int id, String kind, Registration registration) {
        c.callbacks().put(id, new EventCallback(kind, registration));
    }

    /** libvirtd's deregistration: found among {@code kind}'s callbacks or refused in its words. */
    static void remove(ClientSession c, int id, String kind) {
        Registration r = c.callbacks().get(id);
        if (!(r instanceof EventCallback cb) || !cb.kind().equals(kind) || !c.callbacks().remove(id, r)) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, kind + " " + id + " not registered");
        }
        r.close();
    }
}
