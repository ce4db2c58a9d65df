/**
 * libvirt's RPC protocol, written once for jvirt's server (server-bundle) and the remote client
 * driver: framing ({@link io.jvirt.core.kit.rpc.RpcFraming}, {@link io.jvirt.core.kit.rpc.RpcMessage},
 * {@link io.jvirt.core.kit.rpc.RpcHeader}), XDR ({@link io.jvirt.core.kit.rpc.XdrReader},
 * {@link io.jvirt.core.kit.rpc.XdrWriter}), the protocol's procedures and structures read from one
 * description ({@code remote.protocol} beside these classes, parsed by
 * {@link io.jvirt.core.kit.rpc.ProtocolDescription}) and turned into bytes by one table-driven codec
 * ({@link io.jvirt.core.kit.rpc.XdrType}, {@link io.jvirt.core.kit.rpc.XdrStruct}), errors as
 * {@code remote_error} ({@link io.jvirt.core.kit.rpc.RemoteError}); the client half (since 1.1.0: calls
 * and their serials, replies, events, keepalive, closing) is {@link io.jvirt.core.kit.rpc.RpcClient}
 * over an {@link io.jvirt.core.kit.rpc.RpcTransport}. Every limit of libvirt (32 MiB
 * message, 4 MiB string, each array's declared maximum) is enforced before anything is allocated.
 * Streams (a call answered, then STREAM packets carrying its serial) are {@link io.jvirt.core.kit.rpc.RpcStream}:
 * the packets and the state machine both ends share.
 */
@Export
@Version("1.4.0")
package io.jvirt.core.kit.rpc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
