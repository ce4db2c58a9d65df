package io.jvirt.driver.xen;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import io.jvirt.api.domain.XmlText;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.domain.CpuSet;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.core.kit.conf.VirConfValue;

/** xen_xl.c's xenParseXLVnuma: "vnuma" as a list of vnode lists of "key=value" strings. */
final class XlNuma {

    private XlNuma() {
    }

    /** The {@code <numa>} XML, or null when there is no vnuma list. */
    static String parse(VirConfValue value, Object model) {
        if (!(value instanceof VirConfValue.ListValue list)) {
            return null;
        }
        int nrNodes = 0;
        for (VirConfValue item : list.values()) {
            if (!(item instanceof VirConfValue.ListValue)) {
                break;
            }
            nrNodes++;
        }
        long vcpus = 0;
        XmlText x = new XmlText();
        x.open("numa");
        int vnode = 0;
        for (VirConfValue item : list.values()) {
            int pnode = -1;
            BitSet cpumask = null;
            long kbsize = 0;
            List<Long> distances = new ArrayList<>();
            if (item instanceof VirConfValue.ListValue node) {
                for (VirConfValue e : node.values()) {
                    if (!(e instanceof VirConfValue.Str s)) {
                        break;
                    }
                    String str = s.value();
                    int eq = str.lastIndexOf('=');
                    if (eq < 0) {
                        throw XlToDomain.xlError(ErrorCode.INTERNAL_ERROR, "vnuma vnode invalid format '" + str + "'");
                    }
                    String data = str.substring(eq + 1);
                    if (data.isEmpty()) {
                        continue;
                    }
                    if (str.startsWith("pnode")) {
                        Long cell = LibvirtNumbers.ui(data);
                        if (cell == null || cell >= nrNodes) {
                            throw XlToDomain.xlError(ErrorCode.CONFIG_UNSUPPORTED, "vnuma vnode " + vnode
                                + " contains invalid pnode value '" + data + "'");
                        }
                        pnode = cell.intValue();
                    } else if (str.startsWith("size")) {
                        Long size = LibvirtNumbers.ull(data);
                        if (size == null) {
                            throw XlToDomain.unknownCause("vnuma vnode " + vnode + " has a malformed size '" + data + "'");
                        }
                        kbsize = size;
                    } else if (str.startsWith("vcpus")) {
                        cpumask = CpuSet.parse(data);
                        vcpus += cpumask.cardinality();
                    } else if (str.startsWith("vdistances")) {
                        String[] token = data.split(",", -1);
                        if (token.length != nrNodes) {
                            throw XlToDomain.xlError(ErrorCode.CONFIG_UNSUPPORTED, "vnuma pnode " + pnode + " configured '"
                                + str + "' (count " + token.length + ") doesn't fit the number of specified vnodes " + nrNodes);
                        }
                        distances.clear();
                        for (String t : token) {
                            Long d = LibvirtNumbers.ui(t);
                            if (d == null) {
                                throw XlToDomain.unknownCause("vnuma vnode " + vnode + " has a malformed distance '" + t + "'");
                            }
                            distances.add(d);
                        }
                    } else {
                        throw XlToDomain.xlError(ErrorCode.CONF_SYNTAX, "Invalid vnuma configuration for vnode " + vnode);
                    }
                }
            }
            if (pnode < 0 || cpumask == null || kbsize == 0) {
                throw XlToDomain.xlError(ErrorCode.CONF_SYNTAX, "Incomplete vnuma configuration for vnode " + vnode);
            }
            if (Long.compareUnsigned(kbsize, Long.MAX_VALUE / 1024) > 0) {
                throw XlToDomain.xlError(ErrorCode.CONFIG_UNSUPPORTED, "vnuma vnode " + vnode + " size is too large");
            }
            x.open("cell", "id", Integer.toString(vnode), "cpus", CpuSet.format(cpumask),
                "memory", Long.toString(kbsize * 1024), "unit", "KiB");
            if (!distances.isEmpty()) {
                x.open("distances");
                for (int i = 0; i < distances.size(); i++) {
                    x.empty("sibling", "id", Integer.toString(i), "value", Long.toString(distances.get(i)));
                }
                x.close("distances");
            }
            x.close("cell");
            vnode++;
        }
        XlToDomain.numaResult(model, vcpus);
        return vnode == 0 ? "" : x.close("numa").toString();
    }
}
