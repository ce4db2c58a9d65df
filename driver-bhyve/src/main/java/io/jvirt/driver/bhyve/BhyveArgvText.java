package io.jvirt.driver.bhyve;

import java.util.ArrayList;
import java.util.List;

/**
 * The text form of command lines: libvirt's rendering (virCommandToStringBuf: shell-quoted
 * arguments, optionally a line break with " \" before each option) and its reading
 * (bhyveCommandLineToArgv: backslash-newline joins lines, one command per line, arguments split at
 * spaces with '...' or "..." quoting but no escapes).
 */
final class BhyveArgvText {

    private static final String SHELL_META = "\r\t\n !\"#$&'()*;<>?[\\]^`{|}~";

    private BhyveArgvText() {
    }

    /** virCommandToStringBuf(cmd, linebreaks, stripCommandPath). */
    static String render(List<String> argv, boolean linebreaks, boolean stripCommandPath) {
        StringBuilder b = new StringBuilder();
        String command = argv.get(0);
        if (stripCommandPath) {
            command = basename(command);
        }
        b.append(quote(command));
        boolean hadOption = false;
        for (int i = 1; i < argv.size(); i++) {
            b.append(' ');
            if (linebreaks) {
                boolean linebreak = true;
                if (!argv.get(i).startsWith("-")) {
                    if (hadOption) {
                        for (int j = i - 1; j < argv.size(); j++) {
                            if (argv.get(j).startsWith("-")) {
                                linebreak = false;
                                break;
                            }
                        }
                    }
                } else {
                    hadOption = true;
                }
                if (linebreak) {
                    b.append("\\\n");
                }
            }
            b.append(quote(argv.get(i)));
        }
        return b.toString();
    }

    /** virBufferEscapeShell. */
    static String quote(String s) {
        if (!s.isEmpty()) {
            boolean meta = false;
            for (int i = 0; i < s.length() && !meta; i++) {
                meta = SHELL_META.indexOf(s.charAt(i)) >= 0;
            }
            if (!meta) {
                return s;
            }
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** g_path_get_basename. */
    static String basename(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 || p.length() == 1 ? p : p.substring(slash + 1);
    }

    /** bhyveParseCommandLineUnescape: drops backslash-LF, backslash-CR and backslash-CRLF. */
    static String unescape(String command) {
        StringBuilder b = new StringBuilder(command.length());
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\\' && i + 1 < command.length() && command.charAt(i + 1) == '\n') {
                i++;
            } else if (c == '\\' && i + 1 < command.length() && command.charAt(i + 1) == '\r') {
                i++;
                if (i + 1 < command.length() && command.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The non-empty lines of the unescaped text, each split into arguments. */
    static List<List<String>> commands(String nativeConfig) {
        List<List<String>> out = new ArrayList<>();
        for (String line : unescape(nativeConfig).split("[\r\n]+")) {
            if (!line.isEmpty()) {
                out.add(split(line));
            }
        }
        return out;
    }

    /** The argument splitting of bhyveCommandLineToArgv (adapted there from the QEMU argv parser). */
    static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        int curr = 0;
        int n = line.length();
        while (curr < n) {
            int start = curr;
            int next;
            char first = line.charAt(start);
            if (first == '\'' || first == '"') {
                curr++;
                next = line.indexOf(first, start + 1);
            } else {
                next = line.indexOf(' ', start);
            }
            args.add(next < 0 ? line.substring(curr) : line.substring(curr, next));
            if (next < 0) {
                break;
            }
            if (line.charAt(next) == '\'' || line.charAt(next) == '"') {
                next++;
            }
            while (next < n && isSpace(line.charAt(next))) {
                next++;
            }
            curr = next;
        }
        return args;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }
}
