package io.jvirt.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits what {@code domxml-to-native qemu-argv} prints (a POSIX shell command: single-quoted
 * words, {@code '\''} for a quote, backslash-newline between options, leading {@code NAME=value}
 * environment assignments) back into the environment and the argv it stands for, as a shell would.
 */
final class ShellWords {

    /** The command's environment assignments and its argv. */
    record Command(List<String> env, List<String> argv) {
    }

    private ShellWords() {
    }

    static Command parse(String shell) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = null;
        for (int i = 0; i < shell.length(); i++) {
            char c = shell.charAt(i);
            if (c == '\'') {
                int end = shell.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quote in: " + shell);
                }
                cur = cur == null ? new StringBuilder() : cur;
                cur.append(shell, i + 1, end);
                i = end;
            } else if (c == '\\' && i + 1 < shell.length()) {
                char next = shell.charAt(++i);
                if (next != '\n') {
                    cur = cur == null ? new StringBuilder() : cur;
                    cur.append(next);
                }
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    words.add(cur.toString());
                    cur = null;
                }
            } else {
                cur = cur == null ? new StringBuilder() : cur;
                cur.append(c);
            }
        }
        if (cur != null) {
            words.add(cur.toString());
        }
        int first = 0;
        while (first < words.size() && words.get(first).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            first++;
        }
        return new Command(List.copyOf(words.subList(0, first)), List.copyOf(words.subList(first, words.size())));
    }
}
