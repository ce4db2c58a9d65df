package io.jvirt.driver.test;

/**
 * The simulated runtime of a test domain: its checkpoints. Whether its
 * persistent definition changed while it ran is the registry's ({@code DomainObject.isUpdated}),
 * a flag, so asking costs nothing even with 100,000 domains.
 */
final class TestRuntime {

    /**
     * The domain's checkpoints: they live as long as the domain object (libvirt's vm->checkpoints).
     * Made on first use: an empty tree (its root node, list and map) was 128 bytes of every defined
     * domain, and few domains ever get a checkpoint (issue 27).
     */
    private CheckpointTree checkpoints;

    /** The polling parameters of its I/O threads (libvirt's priv->iothreads); made on first use too. */
    private IoThreadPolls ioThreadPolls;

    synchronized IoThreadPolls ioThreadPolls() {
        if (ioThreadPolls == null) {
            ioThreadPolls = new IoThreadPolls();
        }
        return ioThreadPolls;
    }

    synchronized CheckpointTree checkpoints() {
        if (checkpoints == null) {
            checkpoints = new CheckpointTree();
        }
        return checkpoints;
    }
}
