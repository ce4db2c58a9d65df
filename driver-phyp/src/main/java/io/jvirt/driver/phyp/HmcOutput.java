package io.jvirt.driver.phyp;

import java.util.ArrayList;
import java.util.List;

/**
 * The output of an HMC command run with {@code -F}: one line per object, the fields in the
 * order asked, separated by commas; a field that holds a comma (or a quote) is enclosed in
 * double quotes, a quote in it doubled. A command whose filter matched nothing prints "No
 * results were found." (exit status 0), which is no row.
 */
final class HmcOutput {

    static final String NO_RESULTS = "No results were found.";

    private HmcOutput() {
    }

    static List<List<String>> rows(String stdout) {
        List<List<String>> out = new ArrayList<>();
        for (String line : stdout.split("\r?\n")) {
            if (line.isBlank() || line.strip().equals(NO_RESULTS)) {
                continue;
            }
            out.add(fields(line));
        }
        return out;
    }

    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** Quotes a field as the HMC does (for the stand-in and tests). */
    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
