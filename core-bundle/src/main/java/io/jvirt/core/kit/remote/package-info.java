/**
 * The toolkit of drivers that talk to a remote server (ESX today; Hyper-V, PowerVM and libvirt's
 * remote protocol next): libvirt's auth file ({@link io.jvirt.core.kit.remote.AuthFile}), the
 * credential chain ({@link io.jvirt.core.kit.remote.RemoteCredentials}), the administrator's rules
 * for which server may get which credentials and transport
 * ({@link io.jvirt.core.kit.remote.RemoteAccessPolicy}, {@link io.jvirt.core.kit.remote.RemoteEndpoint})
 * and bounded HTTP exchanges ({@link io.jvirt.core.kit.remote.BoundedHttp}).
 */
@Export
@Version("1.0.0")
package io.jvirt.core.kit.remote;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
