package io.jvirt.core.kit.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The protocol as the project keeps it: a compact text ({@code remote.protocol} beside this class)
 * written from libvirt's {@code remote_protocol.x} and {@code virnetprotocol.x}. Its statements:
 * <pre>
 * const NAME VALUE
 * program NAME NUMBER VERSION          (the procedures that follow belong to it)
 * struct NAME { TYPE field; ... }
 * proc NUMBER NAME ARGS RET            ARGS/RET: void, a struct's name or { fields } (named
 *                                      lowercase(NAME)_args / _ret)
 * event NUMBER NAME BODY               a MESSAGE the server sends; BODY as ARGS (named _msg)
 * unsupported NUMBER NAME              a procedure known by number and name only (no structures)
 * union NAME switch int DISC { N TYPE arm; ... }
 *                                      an XDR union on an int discriminant (an XdrStruct with DISC
 *                                      and the chosen arm); defined before its first use
 * </pre>
 * TYPE is {@code int uint hyper uhyper bool char uchar short ushort double string uuid opaque} or a
 * struct's name, followed by {@code <MAX>} (variable array, or string/opaque maximum; {@code <>}
 * for none; {@code nonnull_string<MAX>} is an array of strings), or {@code [N]} (fixed array; {@code char[N]} is a NUL-padded text, {@code opaque[N]}
 * N bytes), then {@code ?} for an optional value. MAX and N may name a const. {@code #} starts a comment.
 */
public final class ProtocolDescription {

    private static final Pattern TOKEN = Pattern.compile("[{};<>\\[\\]?]|[^\\s{};<>\\[\\]?]+");

    private final Map<String, Long> consts = new HashMap<>();
    private final Map<String, StructDef> structs = new LinkedHashMap<>();
    private final Map<String, XdrType.UnionType> unions = new HashMap<>();
    private final Map<String, Program> programs = new LinkedHashMap<>();
    private final Map<Integer, Program> programsByNumber = new HashMap<>();

    private List<String> tokens;
    private int at;

    private ProtocolDescription() {
    }

    /** Parses a description. @throws IllegalArgumentException for a statement it cannot read */
    public static ProtocolDescription parse(String text) {
        ProtocolDescription d = new ProtocolDescription();
        d.tokens = tokenize(text);
        d.at = 0;
        d.parseAll();
        d.tokens = null;
        for (StructDef s : d.structs.values()) {
            for (StructDef.Field f : s.fields()) {
                d.resolveAll(f.type());
            }
        }
        return d;
    }

    /** The description of libvirt's protocol jvirt speaks (the {@code remote.protocol} resource). */
    public static ProtocolDescription libvirt() {
        return Holder.LIBVIRT;
    }

    private static final class Holder {
        static final ProtocolDescription LIBVIRT = load();

        private static ProtocolDescription load() {
            try (InputStream in = ProtocolDescription.class.getResourceAsStream("remote.protocol")) {
                if (in == null) {
                    throw new IllegalStateException("remote.protocol is missing from the bundle");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Program program(String name) {
        Program p = programs.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no program " + name);
        }
        return p;
    }

    /** The program of that number, or null. */
    public Program program(int number) {
        return programsByNumber.get(number);
    }

    public StructDef struct(String name) {
        StructDef s = structs.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no struct " + name + " in the protocol description");
        }
        return s;
    }

    // ---- parsing ----

    private static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            Matcher m = TOKEN.matcher(hash >= 0 ? line.substring(0, hash) : line);
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    private String next() {
        if (at >= tokens.size()) {
            throw new IllegalArgumentException("protocol description ends early");
        }
        return tokens.get(at++);
    }

    private String peek() {
        return at < tokens.size() ? tokens.get(at) : null;
    }

    private void expect(String t) {
        String got = next();
        if (!got.equals(t)) {
            throw new IllegalArgumentException("expected '" + t + "' but found '" + got + "' (token " + at + ")");
        }
    }

    private long number(String t) {
        Long c = consts.get(t);
        if (c != null) {
            return c;
        }
        try {
            return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number or const: " + t);
        }
    }

    private void parseAll() {
        Program current = null;
        while (peek() != null) {
            String kw = next();
            switch (kw) {
                case "const" -> consts.put(next(), number(next()));
                case "program" -> {
                    String name = next();
                    current = new Program(name, (int) number(next()), (int) number(next()));
                    programs.put(name, current);
                    programsByNumber.put(current.number(), current);
                }
                case "struct" -> {
                    String name = next();
                    addStruct(new StructDef(name, fields()));
                }
                case "union" -> {
                    String name = next();
                    expect("switch");
                    expect("int");
                    String disc = next();
                    expect("{");
                    Map<Integer, StructDef.Field> arms = new HashMap<>();
                    while (!"}".equals(peek())) {
                        int value = (int) number(next());
                        XdrType type = type();
                        String arm = next();
                        if (arms.put(value, new StructDef.Field(arm, type)) != null) {
                            throw new IllegalArgumentException("union " + name + " has arm " + value + " twice");
                        }
                        if (";".equals(peek())) {
                            next();
                        }
                    }
                    expect("}");
                    if (structs.containsKey(name) || unions.putIfAbsent(name, new XdrType.UnionType(name, disc, arms)) != null) {
                        throw new IllegalArgumentException("union " + name + " twice");
                    }
                }
                case "proc", "event" -> {
                    if (current == null) {
                        throw new IllegalArgumentException(kw + " before any program");
                    }
                    int num = (int) number(next());
                    String name = next();
                    boolean event = kw.equals("event");
                    StructDef args = body(name, event ? "_msg" : "_args");
                    StructDef ret = event ? null : body(name, "_ret");
                    current.add(new Procedure(current, num, name, args, ret, event, true));
                }
                case "unsupported" -> {
                    if (current == null) {
                        throw new IllegalArgumentException(kw + " before any program");
                    }
                    int num = (int) number(next());
                    current.add(new Procedure(current, num, next(), null, null, false, false));
                }
                default -> throw new IllegalArgumentException("unknown statement '" + kw + "' (token " + at + ")");
            }
        }
    }

    private void addStruct(StructDef s) {
        if (structs.putIfAbsent(s.name(), s) != null) {
            throw new IllegalArgumentException("struct " + s.name() + " twice");
        }
    }

    private StructDef body(String procName, String suffix) {
        String t = peek();
        if ("void".equals(t)) {
            next();
            return null;
        }
        if ("{".equals(t)) {
            StructDef s = new StructDef(procName.toLowerCase() + suffix, fields());
            addStruct(s);
            return s;
        }
        next();
        return struct(t);
    }

    private List<StructDef.Field> fields() {
        expect("{");
        List<StructDef.Field> fields = new ArrayList<>();
        while (!"}".equals(peek())) {
            XdrType type = type();
            String name = next();
            fields.add(new StructDef.Field(name, type));
            if (";".equals(peek())) {
                next();
            }
        }
        expect("}");
        return fields;
    }

    private XdrType type() {
        String base = next();
        XdrType type;
        if ("<".equals(peek())) {
            next();
            long max = ">".equals(peek()) ? -1 : number(next());
            expect(">");
            type = switch (base) {
                case "string" -> new XdrType.StringType(max < 0 ? RpcLimits.MAX_STRING : max);
                case "opaque" -> new XdrType.OpaqueType(max < 0 ? RpcLimits.MAX_STRING : max);
                default -> new XdrType.VarArrayType(baseType(base), max < 0 ? Integer.MAX_VALUE : max);
            };
        } else if ("[".equals(peek())) {
            next();
            int n = (int) number(next());
            expect("]");
            type = switch (base) {
                case "char", "uchar" -> new XdrType.CharArrayType(n);
                case "opaque" -> new XdrType.FixedOpaqueType(n);
                default -> new XdrType.FixedArrayType(baseType(base), n);
            };
        } else {
            type = baseType(base);
        }
        if ("?".equals(peek())) {
            next();
            type = new XdrType.OptionalType(type);
        }
        return type;
    }

    private XdrType baseType(String base) {
        return switch (base) {
            case "int" -> XdrType.Primitive.INT;
            case "uint" -> XdrType.Primitive.UINT;
            case "hyper" -> XdrType.Primitive.HYPER;
            case "uhyper" -> XdrType.Primitive.UHYPER;
            case "bool" -> XdrType.Primitive.BOOL;
            case "char" -> XdrType.Primitive.CHAR;
            case "uchar" -> XdrType.Primitive.UCHAR;
            case "short" -> XdrType.Primitive.SHORT;
            case "ushort" -> XdrType.Primitive.USHORT;
            case "double" -> XdrType.Primitive.DOUBLE;
            case "string", "nonnull_string" -> new XdrType.StringType(RpcLimits.MAX_STRING);
            case "uuid" -> new XdrType.UuidType();
            case "opaque" -> throw new IllegalArgumentException("opaque needs <max> or [size]");
            default -> unions.containsKey(base) ? unions.get(base) : new XdrType.StructType(base, this::struct);
        };
    }

    /** Resolves every struct reference now, so that a typo fails when the description loads, not on a call. */
    private void resolveAll(XdrType t) {
        if (t instanceof XdrType.StructType s) {
            s.definition();
        } else if (t instanceof XdrType.OptionalType o) {
            resolveAll(o.element());
        } else if (t instanceof XdrType.VarArrayType v) {
            resolveAll(v.element());
        } else if (t instanceof XdrType.FixedArrayType f) {
            resolveAll(f.element());
        } else if (t instanceof XdrType.UnionType u) {
            for (StructDef.Field f : u.arms().values()) {
                resolveAll(f.type());
            }
        }
    }
}
