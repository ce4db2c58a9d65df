package io.jvirt.driver.remote;

import java.io.InputStream;
import java.io.OutputStream;

import io.jvirt.api.DomainConsole;
import io.jvirt.core.kit.rpc.RpcClientStream;

/**
 * A domain's console on the far side, through the stream REMOTE_PROC_DOMAIN_OPEN_CONSOLE opened
 * (libvirt's remoteDomainOpenConsole): what the guest writes comes as the stream's data, what is
 * typed goes as data the other way, both at once. Closing it ends the stream as virsh leaves a
 * console (finish, or abort when the finish is not confirmed), which frees the device on the far
 * side; the far side ending the console (the domain stopped, another client forced it) is the end
 * of {@link #input()}, or its failure with the far side's error.
 */
final class RemoteConsole implements DomainConsole {

    private final RpcClientStream stream;
    private final InputStream input;
    private final OutputStream output;

    RemoteConsole(RpcClientStream stream) {
        this.stream = stream;
        this.input = stream.input();
        this.output = stream.output();
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void close() {
        stream.close();
    }
}
