package io.jvirt.core.kit.rpc;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A program of the protocol (REMOTE, KEEPALIVE, ...): its number, version and procedures. */
public final class Program {

    private final String name;
    private final int number;
    private final int version;
    private final Map<Integer, Procedure> byNumber = new TreeMap<>();
    private final Map<String, Procedure> byName = new LinkedHashMap<>();

    Program(String name, int number, int version) {
        this.name = name;
        this.number = number;
        this.version = version;
    }

    void add(Procedure p) {
        if (byNumber.putIfAbsent(p.number(), p) != null || byName.putIfAbsent(p.name(), p) != null) {
            throw new IllegalArgumentException("procedure " + p.name() + " (" + p.number() + ") twice in " + name);
        }
    }

    public String name() {
        return name;
    }

    public int number() {
        return number;
    }

    public int version() {
        return version;
    }

    /** The procedure of that number, or null when the description has none. */
    public Procedure procedure(int number) {
        return byNumber.get(number);
    }

    /** @throws IllegalArgumentException when the description has no such procedure */
    public Procedure procedure(String name) {
        Procedure p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no procedure " + name + " in program " + this.name);
        }
        return p;
    }

    public Collection<Procedure> procedures() {
        return Collections.unmodifiableCollection(byNumber.values());
    }

    /** A call header for one of this program's procedures. */
    public RpcHeader call(Procedure p, int serial) {
        return new RpcHeader(number, version, p.number(), MessageType.CALL, serial, MessageStatus.OK);
    }

    /** The header of an event message (serial 0, as libvirt sends them). */
    public RpcHeader message(Procedure p) {
        return new RpcHeader(number, version, p.number(), MessageType.MESSAGE, 0, MessageStatus.OK);
    }

    @Override
    public String toString() {
        return name + " 0x" + Integer.toHexString(number) + " v" + version;
    }
}
