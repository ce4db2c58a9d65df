package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

/** virsh's vshStringToArray: a comma-separated list, where ",," is a comma inside an item. */
final class VirshStrings {

    private VirshStrings() {
    }

    static List<String> split(String s) {
        List<String> items = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',') {
                if (i + 1 < s.length() && s.charAt(i + 1) == ',') {
                    cur.append(',');
                    i++;
                    continue;
                }
                items.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        items.add(cur.toString());
        return items;
    }
}
