package io.jvirt.shell.command;

import java.io.PrintStream;
import java.util.List;

/**
 * virsh's tree of checkpoints or snapshots (vshTreePrint): each root, then its children below it
 * with "+- " before each, "|" under a node with children, a blank line after a last leaf.
 */
final class VirshTree {

    private VirshTree() {
    }

    /**
     * Prints every node whose parent is null as a root, in list order.
     *
     * @param parents each name's parent (same index), null for a root
     */
    static void print(PrintStream out, List<String> names, List<String> parents) {
        for (int i = 0; i < names.size(); i++) {
            if (parents.get(i) == null) {
                node(out, names, parents, i, i, true, new StringBuilder());
            }
        }
    }

    /** vshTreePrintInternal. */
    private static void node(PrintStream out, List<String> names, List<String> parents, int dev, int lastDev, boolean root,
                             StringBuilder indent) {
        String name = names.get(dev);
        out.println(indent + (root ? "" : "+- ") + name);
        if (!root) {
            indent.append(dev == lastDev ? ' ' : '|').append(' ');
        }
        int nextLast = -1;
        for (int i = 0; i < names.size(); i++) {
            if (name.equals(parents.get(i))) {
                nextLast = i;
            }
        }
        if (nextLast != -1) {
            out.println(indent + "  |");
        }
        indent.append("  ");
        for (int i = 0; i < names.size(); i++) {
            if (name.equals(parents.get(i))) {
                node(out, names, parents, i, nextLast, false, indent);
            }
        }
        if (indent.length() >= 2 && indent.substring(indent.length() - 2).equals("  ")) {
            indent.setLength(indent.length() - 2);
        }
        if (nextLast == -1 && dev == lastDev) {
            out.println(indent);
        }
        if (!root) {
            indent.setLength(indent.length() - 2);
        }
    }
}
