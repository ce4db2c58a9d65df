/**
 * The toolkit of drivers that talk to a remote server (ESX today; Hyper-V over WS-Management,
 * PowerVM over SSH and libvirt's remote protocol next), so that each is only its protocol's and
 * hypervisor's parts:
 * <ul>
 * <li>logging in: the administrator's rules ({@link io.jvirt.core.kit.remote.RemoteAccessPolicy},
 *     {@link io.jvirt.core.kit.remote.RemoteEndpoint}), libvirt's auth file
 *     ({@link io.jvirt.core.kit.remote.AuthFile}) and the credential chain as one call
 *     ({@link io.jvirt.core.kit.remote.RemoteLogin}, {@link io.jvirt.core.kit.remote.RemoteCredentials});</li>
 * <li>HTTP: the driver's verifying and per-connection unverified clients
 *     ({@link io.jvirt.core.kit.remote.RemoteHttpClients}), one connection's bounded exchanges with
 *     failures in libvirt's codes and its session cookie ({@link io.jvirt.core.kit.remote.HttpTransport},
 *     over {@link io.jvirt.core.kit.remote.BoundedHttp});</li>
 * <li>XML and SOAP: safe parsing ({@link io.jvirt.core.kit.remote.XmlDom}), requests
 *     ({@link io.jvirt.core.kit.remote.SoapEnvelope}), answers and faults
 *     ({@link io.jvirt.core.kit.remote.SoapTransport}, {@link io.jvirt.core.kit.remote.SoapFault}), the
 *     driver's fault table ({@link io.jvirt.core.kit.remote.FaultCodes},
 *     {@link io.jvirt.core.kit.remote.RemoteFault});</li>
 * <li>SSH: one connection's session, host-key check, key-then-password login and bounded commands
 *     ({@link io.jvirt.core.kit.remote.SshConnection}, {@link io.jvirt.core.kit.remote.SshSettings},
 *     {@link io.jvirt.core.kit.remote.SshResult}), on Apache MINA SSHD;</li>
 * <li>sessions: keep-alive ({@link io.jvirt.core.kit.remote.KeepAlive}), waiting for the server's
 *     tasks ({@link io.jvirt.core.kit.remote.BackoffPoll});</li>
 * <li>domains: the inventory port a driver implements ({@link io.jvirt.core.kit.remote.DomainInventory})
 *     and the lookup half of its driver table over it ({@link io.jvirt.core.kit.remote.DomainLookups}),
 *     with the listing filter every driver shares ({@link io.jvirt.core.kit.DomainListFilter}).</li>
 * </ul>
 *
 * <p>1.5.0: {@link io.jvirt.core.kit.remote.AuthFile#credentials(String)} (a credentials group by name).
 *
 * <p>1.7.0: {@link io.jvirt.core.kit.remote.HttpTransport#exchangeRepeatable} and
 * {@link io.jvirt.core.kit.remote.SoapTransport#callRepeatable}: a read sent once more when its
 * connection fails before the answer (a kept-alive connection the server closed), as curl does.
 */
@Export
@Version("1.7.0")
package io.jvirt.core.kit.remote;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
