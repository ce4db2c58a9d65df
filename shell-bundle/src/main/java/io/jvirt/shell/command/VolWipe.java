package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StorageVolWipeAlgorithm;
import io.jvirt.shell.command.completers.WipeAlgorithmCompleter;

@Command(scope = "virt", name = "vol-wipe", description = "wipe a vol")
@Service
public class VolWipe extends VolumePoolArgCommand {

    @Option(name = "--algorithm", description = "perform selected wiping algorithm")
    @Completion(WipeAlgorithmCompleter.class)
    String algorithm;

    @Override
    protected void trailingOptions(java.util.Map<String, java.util.function.Consumer<String>> valued,
                                   java.util.Map<String, Runnable> flags) {
        valued.put("algorithm", v -> algorithm = v);
    }

    @Override
    protected void run() throws Exception {
        var v = lookupVol();
        StorageVolWipeAlgorithm alg = StorageVolWipeAlgorithm.ZERO;
        if (algorithm != null) {
            alg = null;
            for (StorageVolWipeAlgorithm a : StorageVolWipeAlgorithm.values()) {
                if (a.label().equals(algorithm)) {
                    alg = a;
                }
            }
            if (alg == null) {
                throw failure("Unsupported algorithm '" + algorithm + "'");
            }
        }
        StorageVolWipeAlgorithm chosen = alg;
        // virsh's cmdVolWipe: the pattern call first; a driver without it still wipes with zeros through virStorageVolWipe
        act("Failed to wipe vol " + vol, v, x -> {
            try {
                x.wipe(chosen);
            } catch (io.jvirt.api.VirtException e) {
                if (e.code() != io.jvirt.api.ErrorCode.NO_SUPPORT || chosen != StorageVolWipeAlgorithm.ZERO) {
                    throw e;
                }
                x.wipe();
            }
        });
        out().println("Vol " + vol + " wiped");
    }
}
