package io.jvirt.api.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The virsh folder's MANIFEST: one line per case of libvirt's tests/virshtest.c, its macro, a tab,
 * then the macro's arguments as C source ({@code "name", filter, VIRSH_DEFAULT|VIRSH_CUSTOM, args...}).
 * Read as C reads them: arguments split at top-level commas, adjacent string literals joined
 * ({@code "cd " abs_srcdir "/virshtestdata ;"} is one argument), C escapes decoded, libvirt's
 * {@code abs_srcdir} (its tests folder, whose virshtestdata the case's commands name) replaced by
 * the conformance data's virsh folder. Shared by the over-the-wire replay (server-bundle) and the
 * console replay (itests), so that both read every line, seen or not, the same way.
 */
public final class VirshManifest {

    /**
     * One case: its name, libvirt's output filter (null for none), whether it runs against the
     * custom node file, virsh's options before the command and the command's argv (empty for a
     * script case, whose commands are in NAME.in).
     */
    public record Case(String name, String filter, boolean custom, List<String> options, List<String> argv) {

        @Override
        public String toString() {
            return name;
        }

        /**
         * libvirt's testFilterLine, applied to every match: from the filter's text to the end of its
         * line is cut ("\nCPU time:" removes the line, "&lt;creationTime" leaves the indentation).
         */
        public String filter(String text) {
            if (filter == null) {
                return text;
            }
            StringBuilder out = new StringBuilder(text);
            int from = 0;
            int start;
            while ((start = out.indexOf(filter, from)) >= 0) {
                int end = out.indexOf("\n", start + 1);
                if (end < 0) {
                    out.setLength(start);
                    break;
                }
                out.delete(start, end);
                from = start;
            }
            return out.toString();
        }
    }

    private VirshManifest() {
    }

    /** The cases of {@code virshDir}/MANIFEST; {@code virshDir} stands for libvirt's abs_srcdir. */
    public static List<Case> read(Path virshDir) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(virshDir.resolve("MANIFEST"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            if (parts.length < 2) {
                throw new IllegalArgumentException("MANIFEST line without arguments: " + line);
            }
            cases.add(toCase(arguments(parts[1], virshDir.toAbsolutePath().normalize().toString())));
        }
        return cases;
    }

    private static Case toCase(List<Arg> args) {
        List<Arg> fields = new ArrayList<>(args);
        String name = fields.remove(0).text();
        // DO_TEST_SCRIPT_FULL's "expensive" flag
        fields.removeIf(f -> !f.literal() && (f.text().equals("true") || f.text().equals("false")));
        Arg filter = fields.get(0);
        boolean custom = fields.get(1).text().equals("VIRSH_CUSTOM");
        List<String> options = new ArrayList<>();
        List<String> argv = new ArrayList<>();
        for (Arg a : fields.subList(2, fields.size())) {
            (argv.isEmpty() && a.text().startsWith("-") ? options : argv).add(a.text());
        }
        return new Case(name, filter.literal() ? filter.text() : null, custom, List.copyOf(options), List.copyOf(argv));
    }

    /** An argument: a (joined) string literal, or a bare identifier such as NULL or VIRSH_CUSTOM. */
    private record Arg(String text, boolean literal) {
    }

    static List<Arg> arguments(String source, String absSrcdir) {
        List<Arg> args = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean literal = false;
        boolean any = false;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '"') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != '"') {
                    if (source.charAt(j) == '\\' && j + 1 < source.length()) {
                        j++;
                        text.append(unescape(source.charAt(j)));
                    } else {
                        text.append(source.charAt(j));
                    }
                    j++;
                }
                if (j >= source.length()) {
                    throw new IllegalArgumentException("unterminated string in MANIFEST: " + source);
                }
                literal = true;
                any = true;
                i = j + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < source.length() && (Character.isLetterOrDigit(source.charAt(j)) || source.charAt(j) == '_')) {
                    j++;
                }
                String ident = source.substring(i, j);
                if (ident.equals("abs_srcdir")) {
                    text.append(absSrcdir);
                    literal = true;
                } else {
                    text.append(ident);
                }
                any = true;
                i = j;
            } else if (c == ',') {
                args.add(new Arg(text.toString(), literal));
                text.setLength(0);
                literal = false;
                any = false;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' in MANIFEST: " + source);
            }
        }
        if (any) {
            args.add(new Arg(text.toString(), literal));
        }
        return args;
    }

    private static char unescape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '0' -> '\0';
            default -> c; // \\ \" \' \?
        };
    }
}
