package io.jvirt.driver.xen;

/** xen_xl.c's xenTranslateCPUFeature: the CPU feature names libvirt and libxl spell differently. */
final class XlCpuFeatures {

    private static final String[][] TABLE = {
        {"cx16", "cmpxchg16"}, {"cid", "cntxid"}, {"ds_cpl", "dscpl"}, {"pclmuldq", "pclmulqdq"},
        {"pni", "sse3"}, {"ht", "htt"}, {"pn", "psn"}, {"clflush", "clfsh"}, {"sep", "sysenter"},
        {"cx8", "cmpxchg8"}, {"nodeid_msr", "nodeid"}, {"cr8legacy", "altmovcr8"}, {"lahf_lm", "lahfsahf"},
        {"cmp_legacy", "cmplegacy"}, {"fxsr_opt", "ffxsr"}, {"pdpe1gb", "page1gb"}, {"spec-ctrl", "ibrsb"},
    };

    private XlCpuFeatures() {
    }

    static String fromLibxl(String name) {
        for (String[] row : TABLE) {
            if (row[1].equals(name)) {
                return row[0];
            }
        }
        return name;
    }

    static String toLibxl(String name) {
        for (String[] row : TABLE) {
            if (row[0].equals(name)) {
                return row[1];
            }
        }
        return name;
    }
}
