package io.jvirt.driver.xen;

import java.util.ArrayList;
import java.util.List;

/**
 * One "key=value,key=value" entry of an xl list setting (usbdev, usbctrl, channel) read as
 * libvirt's xen_xl.c loops read them: split on ',' with the ',', ' ' and '\t' after each comma
 * skipped, and the whole entry given up (skipped, not an error) when one parameter has no '='.
 */
record XlParams(List<Param> params) {

    /** One parameter: the text before its first '=' and the text after it. */
    record Param(String key, String value) {
    }

    /** The entry's parameters, or null where libvirt gives the entry up. */
    static XlParams of(String entry) {
        List<Param> out = new ArrayList<>();
        for (String keyval : split(entry)) {
            int eq = keyval.indexOf('=');
            if (eq < 0) {
                return null;
            }
            out.add(new Param(keyval.substring(0, eq), keyval.substring(eq + 1)));
        }
        return new XlParams(List.copyOf(out));
    }

    /** The "k=v,k=v" pieces as libvirt's loops walk them: split on ',', skipping ',' ' ' '\t' after each. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (true) {
            int comma = s.indexOf(',', i);
            out.add(comma < 0 ? s.substring(i) : s.substring(i, comma));
            if (comma < 0) {
                return out;
            }
            i = comma;
            while (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }
    }
}
