package io.jvirt.shell.command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * virsh's table layout (vshTable): a leading space, columns three spaces apart, a dashed line as
 * wide as the columns plus three per column.
 */
final class VirshTable {

    private final List<String[]> rows = new ArrayList<>();

    VirshTable(String... header) {
        rows.add(header);
    }

    void row(String... cells) {
        rows.add(cells);
    }

    void print(PrintStream out) {
        int cols = rows.get(0).length;
        int[] widths = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        int total = 0;
        for (int w : widths) {
            total += w + 3;
        }
        for (int r = 0; r < rows.size(); r++) {
            out.println(line(rows.get(r), widths));
            if (r == 0) {
                out.println("-".repeat(total));
            }
        }
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder sb = new StringBuilder(" ");
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("   ");
            }
            sb.append(cells[i]);
            if (i < cells.length - 1) {
                sb.append(" ".repeat(widths[i] - cells[i].length()));
            }
        }
        return sb.toString();
    }
}
