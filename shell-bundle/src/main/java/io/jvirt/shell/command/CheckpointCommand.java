package io.jvirt.shell.command;

/** Base of the checkpoint commands on one domain: the checkpoint's name as the second argument or --checkpointname. */
public abstract class CheckpointCommand extends MomentCommand {

    @Override
    protected String nameOption() {
        return "checkpointname";
    }
}
