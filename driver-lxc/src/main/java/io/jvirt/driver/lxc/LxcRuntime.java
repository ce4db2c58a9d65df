package io.jvirt.driver.lxc;

/** The LXC driver's data on one domain (the registry's runtime slot): the current run, if any. */
final class LxcRuntime {

    /** The running container, null while shut off; changed only inside the domain's job. */
    volatile ContainerRun run;
}
