package io.jvirt.api.storage;

import java.util.UUID;

/**
 * A {@code <secret>} reference (libvirt's virSecretLookupTypeDef): by UUID or by usage, exactly one
 * set. The secret's value is never in a definition, only where to find it.
 *
 * @param type  the secret's {@code type} attribute as written (auth: "iscsi", "ceph"; encryption:
 *              "passphrase"); null when absent
 * @param uuid  the secret's UUID, or null
 * @param usage the secret's usage name, or null
 */
public record SecretRef(String type, UUID uuid, String usage) {
}
