/**
 * The domain definition model shared by every driver ({@link io.jvirt.api.domain.DomainDef}), read
 * from and written to libvirt's domain XML by {@link io.jvirt.api.domain.DomainXml}.
 */
@Export
@Version("0.1.0")
package io.jvirt.api.domain;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
