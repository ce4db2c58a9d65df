package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.on;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Option;
import org.junit.jupiter.api.Test;

/**
 * The command tests set a command's options and arguments as fields; here Karaf's own parser reads
 * every command line those tests stand for (the ones ConsoleIT typed into the distribution's
 * console before they moved out of the container) and must set exactly those fields: an option
 * spelled differently from virsh's, or an argument at another position, fails here.
 */
class CommandLinesTest {

    /** {@code words}, typed after the command's name, set the fields of {@code command} as {@code fields} does. */
    private static <C extends VirtCommand> void parses(String words, C command, Consumer<? super C> fields) {
        @SuppressWarnings("unchecked")
        C expected = (C) fresh(command);
        fields.accept(expected);
        assertEquals(values(expected), values(typed(command, words)), words);
    }

    /** As {@link #parses(String, VirtCommand, Consumer)}, on one domain named as the first argument. */
    private static <C extends DomainCommand> void parsesOn(String words, String domain, C command, Consumer<? super C> fields) {
        parses(words, command, c -> {
            on(c, domain);
            fields.accept(c);
        });
    }

    private static VirtCommand fresh(VirtCommand command) {
        try {
            return command.getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Every option and argument field of the command (its own and its superclasses'), by name. */
    private static Map<String, Object> values(VirtCommand command) {
        Map<String, Object> v = new TreeMap<>();
        for (Class<?> c = command.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Option.class) || f.isAnnotationPresent(Argument.class)) {
                    f.setAccessible(true);
                    try {
                        v.put(c.getSimpleName() + "." + f.getName(), f.get(command));
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return v;
    }

    private static final String FILE = "/tmp/x.xml";

    @Test
    void hostAndConnect() {
        parses("", new Connect(), x -> { });
        parses("test:///PATH", new Connect(), x -> x.uri = "test:///PATH");
        parses("--readonly test:///PATH", new Connect(), x -> {
            x.uri = "test:///PATH";
            x.readOnly = true;
        });
        parses("--readonly=false test:///PATH", new Connect(), x -> {
            x.uri = "test:///PATH";
            x.readOnly = false;
        });
        parses("", new Uri(), x -> { });
        parses("", new NodeInfoCommand(), x -> { });
    }

    @Test
    void listsOptions() {
        parses("", new ListDomains(), l -> { });
        parses("--all", new ListDomains(), l -> l.all = true);
        parses("--inactive", new ListDomains(), l -> l.inactive = true);
        parses("--state-running", new ListDomains(), l -> l.running = true);
        parses("--state-paused", new ListDomains(), l -> l.paused = true);
        parses("--state-shutoff", new ListDomains(), l -> l.shutoff = true);
        parses("--id", new ListDomains(), l -> l.idsOnly = true);
        parses("--title", new ListDomains(), l -> l.title = true);
        parses("--all --name", new ListDomains(), l -> {
            l.all = true;
            l.namesOnly = true;
        });
        parses("--all --uuid", new ListDomains(), l -> {
            l.all = true;
            l.uuidsOnly = true;
        });
        parses("--all --persistent --name", new ListDomains(), l -> {
            l.all = true;
            l.persistent = true;
            l.namesOnly = true;
        });
        parses("--all --transient --name", new ListDomains(), l -> {
            l.all = true;
            l.transientOnly = true;
            l.namesOnly = true;
        });
        parses("--all --autostart --name", new ListDomains(), l -> {
            l.all = true;
            l.autostart = true;
            l.namesOnly = true;
        });
        parses("--all --no-autostart --name", new ListDomains(), l -> {
            l.all = true;
            l.noAutostart = true;
            l.namesOnly = true;
        });
    }

    @Test
    void readingCommands() {
        parsesOn("fc4", "fc4", new DomId(), x -> { });
        parsesOn("2", "2", new DomName(), x -> { });
        parsesOn("fc4", "fc4", new DomUuid(), x -> { });
        parsesOn("fc4", "fc4", new DomInfo(), x -> { });
        parsesOn("fc4", "fc4", new DomState(), x -> { });
        parsesOn("--reason fc4", "fc4", new DomState(), x -> x.reason = true);
        parsesOn("test", "test", new DomMemStat(), x -> { });
        parsesOn("test", "test", new DomHostname(), x -> { });
        parsesOn("--source agent test", "test", new DomHostname(), x -> x.source = "agent");
        parsesOn("fc4", "fc4", new DumpXml(), x -> { });
        parsesOn("--inactive fc4", "fc4", new DumpXml(), x -> x.inactive = true);
        parsesOn("--security-info fc4", "fc4", new DumpXml(), x -> x.secure = true);
        parsesOn("fc4", "fc4", new Desc(), x -> { });
        parsesOn("--title fc4", "fc4", new Desc(), x -> x.title = true);
        parsesOn("--current --live fc4", "fc4", new Desc(), x -> {
            x.current = true;
            x.live = true;
        });
    }

    @Test
    void lifecycleCommands() {
        parsesOn("fc4", "fc4", new Suspend(), x -> { });
        parsesOn("fc4", "fc4", new Resume(), x -> { });
        parsesOn("fc4", "fc4", new Reboot(), x -> { });
        parsesOn("fc4", "fc4", new Reset(), x -> { });
        parsesOn("fv0", "fv0", new Shutdown(), x -> { });
        parsesOn("fv0", "fv0", new Start(), x -> { });
        parsesOn("--paused fv0", "fv0", new Start(), x -> x.paused = true);
        parsesOn("fv0", "fv0", new Destroy(), x -> { });
        parsesOn("--graceful fc5", "fc5", new Destroy(), x -> x.graceful = true);
        parsesOn("fc5", "fc5", new Autostart(), x -> { });
        parsesOn("--disable fc5", "fc5", new Autostart(), x -> x.disable = true);
        parsesOn("fv0", "fv0", new Undefine(), x -> { });
    }

    @Test
    void definitionsFromFiles() {
        parses(FILE, new Define(), x -> x.file = FILE);
        parses("--validate " + FILE, new Define(), x -> {
            x.file = FILE;
            x.validate = true;
        });
        parses(FILE, new Create(), x -> x.file = FILE);
        parses("--paused " + FILE, new Create(), x -> {
            x.file = FILE;
            x.paused = true;
        });
    }

    @Test
    void memoryAndVcpus() {
        parsesOn("fc4 100000", "fc4", new SetMem(), x -> x.size = "100000");
        parsesOn("--current fc4 128M", "fc4", new SetMem(), x -> {
            x.current = true;
            x.size = "128M";
        });
        parsesOn("--config fc4 200000", "fc4", new SetMem(), x -> {
            x.config = true;
            x.size = "200000";
        });
        parsesOn("--current --live fc4 1000", "fc4", new SetMem(), x -> {
            x.current = true;
            x.live = true;
            x.size = "1000";
        });
        parsesOn("fc5 3000000", "fc5", new SetMaxMem(), x -> x.size = "3000000");
        parsesOn("--config fc5 2G", "fc5", new SetMaxMem(), x -> {
            x.config = true;
            x.size = "2G";
        });
        parsesOn("fc5 two", "fc5", new SetVcpus(), x -> x.count = "two");
        parsesOn("--config fc5 2", "fc5", new SetVcpus(), x -> {
            x.config = true;
            x.count = "2";
        });
        parsesOn("--config --maximum fc5 3", "fc5", new SetVcpus(), x -> {
            x.config = true;
            x.maximum = true;
            x.count = "3";
        });
    }

    @Test
    void devicesAndNativeFormats() {
        parsesOn("nosuch " + FILE, "nosuch", new AttachDevice(), x -> x.file = FILE);
        parsesOn("--config fc4 " + FILE, "fc4", new AttachDevice(), x -> {
            x.config = true;
            x.file = FILE;
        });
        parsesOn("--persistent --current fc4 " + FILE, "fc4", new AttachDevice(), x -> {
            x.persistent = true;
            x.current = true;
            x.file = FILE;
        });
        parsesOn("--persistent fc4 " + FILE, "fc4", new DetachDevice(), x -> {
            x.persistent = true;
            x.file = FILE;
        });
        parses("qemu-argv " + FILE, new DomXmlFromNative(), x -> {
            x.format = "qemu-argv";
            x.config = FILE;
        });
        parses("qemu-argv", new DomXmlToNative(), x -> x.format = "qemu-argv");
        parses("qemu-argv " + FILE, new DomXmlToNative(), x -> {
            x.format = "qemu-argv";
            x.file = FILE;
        });
        parses("--domain fc4 qemu-argv", new DomXmlToNative(), x -> {
            x.domain = "fc4";
            x.format = "qemu-argv";
        });
        parses("--domain fc4 --xml " + FILE + " qemu-argv", new DomXmlToNative(), x -> {
            x.domain = "fc4";
            x.xmlOption = FILE;
            x.format = "qemu-argv";
        });
    }

    @Test
    void eventsOptions() {
        parses("", new Event(), e -> { });
        parses("--list", new Event(), e -> e.list = true);
        parses("--event nosuch", new Event(), e -> e.event = "nosuch");
        parses("--all --event lifecycle", new Event(), e -> {
            e.all = true;
            e.event = "lifecycle";
        });
        parses("--all --timeout abc", new Event(), e -> {
            e.all = true;
            e.timeout = "abc";
        });
        parses("--all --domain nosuch --timeout 1", new Event(), e -> {
            e.all = true;
            e.domain = "nosuch";
            e.timeout = "1";
        });
        parses("--domain jvirt-events --event lifecycle", new Event(), e -> {
            e.domain = "jvirt-events";
            e.event = "lifecycle";
        });
        parses("--all --loop", new Event(), e -> {
            e.all = true;
            e.loop = true;
        });
    }
}
