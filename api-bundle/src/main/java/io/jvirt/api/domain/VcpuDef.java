package io.jvirt.api.domain;


/**
 * The {@code <vcpu>} element: how many virtual CPUs, how many online at boot, and where they may run.
 */
public final class VcpuDef {

    private int max = 1;
    private Integer current;
    private String placement;
    private String cpuset;

    /** The maximum number of virtual CPUs. */
    public int max() {
        return max;
    }

    public VcpuDef max(int max) {
        this.max = max;
        return this;
    }

    /** {@code vcpu@current}: CPUs online at boot, or null for all. */
    public Integer current() {
        return current;
    }

    public VcpuDef current(Integer current) {
        this.current = current;
        return this;
    }

    /** {@code vcpu@placement}: static or auto (null: static, libvirt's default). */
    public String placement() {
        return placement;
    }

    public VcpuDef placement(String placement) {
        this.placement = placement;
        return this;
    }

    /** {@code vcpu@cpuset}: the host CPUs the vCPUs may use by default, or null. */
    public String cpuset() {
        return cpuset;
    }

    public VcpuDef cpuset(String cpuset) {
        this.cpuset = cpuset;
        return this;
    }

    /** A deep copy. */
    public VcpuDef copy() {
        VcpuDef c = new VcpuDef();
        c.max = max;
        c.current = current;
        c.placement = placement;
        c.cpuset = cpuset;
        return c;
    }
}
