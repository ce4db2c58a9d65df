package io.jvirt.driver.phyp;

import java.util.List;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.VirtException;

/**
 * The HMC commands of each operation on an LPAR, as libvirt's phyp driver sent them (the
 * pipelines' filtering done here), every argument a constant, a number, or a name that passed
 * {@link HmcNames}:
 * <table>
 * <caption>commands ({@code -m MS} added on an HMC by {@link Hmc})</caption>
 * <tr><td>info</td><td>{@code lshwres -r mem --level lpar --filter lpar_ids=ID -F curr_mem,curr_max_mem},
 *     {@code lshwres -r proc --level lpar --filter lpar_ids=ID -F curr_procs,curr_max_procs}</td></tr>
 * <tr><td>start</td><td>{@code lssyscfg -r prof --filter lpar_ids=ID -F name} (its first profile),
 *     {@code chsysstate -r lpar -o on --id ID -f PROFILE}</td></tr>
 * <tr><td>shutdown</td><td>{@code chsysstate -r lpar -o shutdown --id ID}</td></tr>
 * <tr><td>reboot</td><td>{@code chsysstate -r lpar -o shutdown --id ID --immed --restart}</td></tr>
 * <tr><td>destroy</td><td>{@code chsysstate -r lpar -o shutdown --id ID --immed}: an immediate power-off
 *     (libvirt's driver ran {@code rmsyscfg} here, deleting the LPAR)</td></tr>
 * <tr><td>define</td><td>{@code mksyscfg -r lpar -p NAME -i min_mem=CUR,desired_mem=CUR,max_mem=MAX,desired_procs=N[,virtual_scsi_adapters=DISK]}</td></tr>
 * <tr><td>undefine</td><td>{@code rmsyscfg -r lpar --id ID}</td></tr>
 * <tr><td>setvcpus</td><td>{@code chhwres -r proc --id ID -o a|r --procunits N} (N the difference)</td></tr>
 * <tr><td>node info</td><td>{@code lssyscfg -r sys -F name,type_model,serial_num},
 *     {@code lshwres -r mem --level sys -F installed_sys_mem},
 *     {@code lshwres -r proc --level sys -F installed_sys_proc_units}</td></tr>
 * </table>
 */
final class Partitions {

    private final Hmc hmc;

    Partitions(Hmc hmc) {
        this.hmc = hmc;
    }

    /** Memory (KiB, current and maximum) and processors of {@code lpar}. */
    DomainInfo info(Lpar lpar) {
        long[] mem = numbers(hmc.query("lshwres", "-r", "mem", "--level", "lpar", "--filter", "lpar_ids=" + lpar.lparId(),
            "-F", "curr_mem,curr_max_mem"), 2, "memory of LPAR " + lpar.lparId());
        long[] procs = numbers(hmc.query("lshwres", "-r", "proc", "--level", "lpar", "--filter",
            "lpar_ids=" + lpar.lparId(), "-F", "curr_procs,curr_max_procs"), 2, "processors of LPAR " + lpar.lparId());
        // the HMC reports MB
        return new DomainInfo(lpar.domainState(), mem[1] * 1024, mem[0] * 1024, (int) procs[0], 0);
    }

    /** The maximum processors of {@code lpar}, for the XML. */
    int[] procs(Lpar lpar) {
        long[] p = numbers(hmc.query("lshwres", "-r", "proc", "--level", "lpar", "--filter", "lpar_ids=" + lpar.lparId(),
            "-F", "curr_procs,curr_max_procs"), 2, "processors of LPAR " + lpar.lparId());
        return new int[] {(int) p[0], (int) p[1]};
    }

    void start(Lpar lpar) {
        if (lpar.active()) {
            throw invalid("domain '" + lpar.name() + "' is already running");
        }
        List<List<String>> profiles = hmc.query("lssyscfg", "-r", "prof", "--filter", "lpar_ids=" + lpar.lparId(),
            "-F", "name");
        if (profiles.isEmpty() || profiles.get(0).isEmpty()) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.PHYP,
                "LPAR '" + lpar.name() + "' has no profile to activate");
        }
        // the profile's name comes from the HMC, yet goes back on a command line: held to the same rule
        String profile = HmcNames.check(profiles.get(0).get(0), "profile name");
        hmc.change("chsysstate", "-r", "lpar", "-o", "on", "--id", String.valueOf(lpar.lparId()), "-f", profile);
    }

    void shutdown(Lpar lpar) {
        requireActive(lpar);
        hmc.change("chsysstate", "-r", "lpar", "-o", "shutdown", "--id", String.valueOf(lpar.lparId()));
    }

    void reboot(Lpar lpar) {
        requireActive(lpar);
        hmc.change("chsysstate", "-r", "lpar", "-o", "shutdown", "--id", String.valueOf(lpar.lparId()), "--immed",
            "--restart");
    }

    /** An immediate power-off; the LPAR and its profiles stay. */
    void destroy(Lpar lpar) {
        requireActive(lpar);
        hmc.change("chsysstate", "-r", "lpar", "-o", "shutdown", "--id", String.valueOf(lpar.lparId()), "--immed");
    }

    /** Makes an LPAR (and its profile of the same name, which start activates). */
    void define(String name, long curMemMb, long maxMemMb, int vcpus, String disk) {
        StringBuilder attrs = new StringBuilder().append("min_mem=").append(curMemMb).append(",desired_mem=")
            .append(curMemMb).append(",max_mem=").append(maxMemMb).append(",desired_procs=").append(vcpus);
        if (disk != null) {
            attrs.append(",virtual_scsi_adapters=").append(HmcNames.checkDevice(disk));
        }
        hmc.change("mksyscfg", "-r", "lpar", "-p", HmcNames.check(name, "LPAR name"), "-i", attrs.toString());
    }

    void undefine(Lpar lpar) {
        if (lpar.active()) {
            throw invalid("domain '" + lpar.name() + "' is running: destroy it before undefining it");
        }
        hmc.change("rmsyscfg", "-r", "lpar", "--id", String.valueOf(lpar.lparId()));
    }

    /** libvirt's phypDomainSetVcpusFlags: adds or removes the difference (running LPARs: dynamic LPAR). */
    void setVcpus(Lpar lpar, int count) {
        requireActive(lpar);
        int[] p = procs(lpar);
        if (count > p[1]) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.PHYP, "requested vcpus is greater than max "
                + "allowable vcpus for the domain: " + count + " > " + p[1]);
        }
        if (count == p[0]) {
            return;
        }
        String op = count > p[0] ? "a" : "r";
        hmc.change("chhwres", "-r", "proc", "--id", String.valueOf(lpar.lparId()), "-o", op, "--procunits",
            String.valueOf(Math.abs(count - p[0])));
    }

    /** The managed system's name, type_model and serial_num. */
    List<String> system() {
        List<List<String>> rows = hmc.query("lssyscfg", "-r", "sys", "-F", "name,type_model,serial_num");
        if (rows.isEmpty() || rows.get(0).size() != 3) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.PHYP, "the HMC did not describe the "
                + "managed system" + (hmc.system() == null ? "" : " '" + hmc.system() + "'"));
        }
        return rows.get(0);
    }

    NodeInfo nodeInfo() {
        long memMb = numbers(hmc.query("lshwres", "-r", "mem", "--level", "sys", "-F", "installed_sys_mem"), 1,
            "the system's memory")[0];
        List<List<String>> p = hmc.query("lshwres", "-r", "proc", "--level", "sys", "-F", "installed_sys_proc_units");
        int cpus;
        try {
            cpus = (int) Math.floor(Double.parseDouble(p.get(0).get(0).strip()));
        } catch (RuntimeException e) {
            throw garbled("the system's processors");
        }
        if (cpus < 1 || memMb < 1) {
            throw garbled("the system's resources");
        }
        return new NodeInfo("ppc64", memMb * 1024, cpus, 0, 1, 1, cpus, 1);
    }

    private static long[] numbers(List<List<String>> rows, int n, String what) {
        if (rows.isEmpty() || rows.get(0).size() != n) {
            throw garbled(what);
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            try {
                out[i] = Long.parseLong(rows.get(0).get(i).strip());
            } catch (NumberFormatException e) {
                throw garbled(what);
            }
            if (out[i] < 0 || out[i] > (1L << 32)) {
                throw garbled(what);
            }
        }
        return out;
    }

    private static VirtException garbled(String what) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.PHYP, "the HMC's answer for " + what
            + " cannot be read");
    }

    private static void requireActive(Lpar lpar) {
        if (!lpar.active()) {
            throw invalid("domain '" + lpar.name() + "' is not running");
        }
    }

    private static VirtException invalid(String message) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.PHYP, message);
    }
}
