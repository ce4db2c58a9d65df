package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.DomainControlInfo;
import io.jvirt.api.DomainControlState;

/** virsh's domcontrol: "ok", "background job (1.500s)", "error: monitor failure". */
@Command(scope = "virt", name = "domcontrol", description = "domain control interface state")
@Service
public class DomControl extends DomainFlagsCommand {

    private static final String[] STATES = {"ok", "background job", "occupied", "error"};
    private static final String[] ERROR_REASONS = {"", "unknown", "monitor failure", "internal (locking) error"};

    @Override
    protected void run() throws Exception {
        out().println(text(lookup().controlInfo()));
    }

    static String text(DomainControlInfo info) {
        String state = label(STATES, info.state().number());
        if (info.state() != DomainControlState.OK && info.state() != DomainControlState.ERROR) {
            return String.format(java.util.Locale.ROOT, "%s (%.3fs)", state, info.stateTimeMs() / 1000.0);
        }
        if (info.state() == DomainControlState.ERROR && info.details() > 0) {
            return state + ": " + label(ERROR_REASONS, info.details());
        }
        return state;
    }

    private static String label(String[] words, int n) {
        return n >= 0 && n < words.length ? words[n] : "unknown";
    }
}
