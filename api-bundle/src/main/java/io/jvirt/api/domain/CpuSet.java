package io.jvirt.api.domain;

import java.util.BitSet;

/** libvirt's CPU list syntax ("0-3,^2,8"): checked on input, expanded where libvirt splits per CPU. */
final class CpuSet {

    /** Upper bound libvirt applies to CPU numbers ({@code VIR_DOMAIN_CPUMASK_LEN}). */
    static final int MAX_CPU = 16384;

    private CpuSet() {
    }

    static void check(String spec, String what) {
        parse(spec, what);
    }

    static BitSet parse(String spec, String what) {
        BitSet set = new BitSet();
        String s = spec.strip();
        if (s.isEmpty()) {
            throw ParseContext.badValue(what, spec);
        }
        for (String part : s.split(",")) {
            String p = part.strip();
            boolean neg = p.startsWith("^");
            if (neg) {
                p = p.substring(1);
            }
            int dash = p.indexOf('-');
            int lo;
            int hi;
            try {
                lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
                hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1).strip());
            } catch (NumberFormatException e) {
                throw ParseContext.xmlError("Failed to parse bitmap '" + spec + "' in " + what);
            }
            if (lo < 0 || hi < lo || hi >= MAX_CPU || (neg && dash >= 0)) {
                throw ParseContext.xmlError("Failed to parse bitmap '" + spec + "' in " + what);
            }
            if (neg) {
                set.clear(lo);
            } else {
                set.set(lo, hi + 1);
            }
        }
        return set;
    }
}
