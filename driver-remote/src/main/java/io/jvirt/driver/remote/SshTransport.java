package io.jvirt.driver.remote;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Pattern;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.RemoteEndpoint;
import io.jvirt.core.kit.remote.RemoteLogin;
import io.jvirt.core.kit.remote.SshConnection;
import io.jvirt.core.kit.remote.SshSettings;
import io.jvirt.core.kit.remote.SshStream;
import io.jvirt.core.kit.rpc.RpcTransport;
import io.jvirt.core.spi.ConnectRequest;

/**
 * libvirt's ssh transport on the kit's {@link SshConnection}: the far side runs what libvirt's
 * virNetClientSSHHelperCommand runs, {@code virt-ssh-helper [-r] URI} when it has it and otherwise
 * {@code nc -U SOCKET} (with {@code -q0} where nc knows it), or netcat alone when the URI names the
 * socket; its stdin and stdout are the protocol's stream.
 */
final class SshTransport implements RpcTransport {

    /** What may go into the remote shell command unescaped (libvirt escapes quotes twice; jvirt refuses them). */
    private static final Pattern URI_SAFE = Pattern.compile("[A-Za-z0-9/._:+?=&%@,~-]+");
    /** A socket path goes unquoted into the command, as libvirt puts it: no shell character at all. */
    private static final Pattern PATH_SAFE = Pattern.compile("[A-Za-z0-9/._+:@,~-]+");
    static final int SSH_PORT = 22;

    private final SshConnection ssh;
    private final SshStream stream;
    private final String description;

    private SshTransport(SshConnection ssh, SshStream stream, String description) {
        this.ssh = ssh;
        this.stream = stream;
        this.description = description;
    }

    static SshTransport connect(RemoteUri uri, ConnectRequest request, RemoteLogin login, SshSettings settings) {
        String command = helperCommand(uri, request.readOnly());
        RemoteEndpoint to = new RemoteEndpoint(SshConnection.SERVICE, uri.serverHost(), uri.port() > 0 ? uri.port() : SSH_PORT);
        ReadOnlyReach.checkServer(to, request, login);
        SshConnection ssh = SshConnection.open(to, uri.user(), false, request.auth(), login, settings);
        try {
            return new SshTransport(ssh, ssh.stream(command), "SSH " + to.hostPort());
        } catch (RuntimeException e) {
            ssh.close();
            throw e;
        }
    }

    /** virNetClientSSHHelperCommand's command line: AUTO proxy without a socket parameter, NETCAT with one. */
    static String helperCommand(RemoteUri uri, boolean readOnly) {
        String socket = safe(uri.unixSocket(readOnly).toString(), "socket", PATH_SAFE);
        String nc = "if 'nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'nc' $ARG -U "
            + socket;
        if (uri.socket() != null) {
            return "sh -c '" + nc + "'";
        }
        String helper = "virt-ssh-helper" + (readOnly ? " -r " : " ") + "\"" + safe(uri.openName(), "URI", URI_SAFE) + "\"";
        return "sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     " + helper + "; else    " + nc
            + "; fi'";
    }

    private static String safe(String value, String what, Pattern allowed) {
        if (!allowed.matcher(value).matches()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.REMOTE,
                "the " + what + " '" + value + "' has characters jvirt does not pass to the remote shell");
        }
        return value;
    }

    @Override
    public InputStream input() {
        return stream.input();
    }

    @Override
    public OutputStream output() {
        return stream.output();
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public boolean isEncrypted() {
        return true;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        stream.close();
        ssh.close();
    }
}
