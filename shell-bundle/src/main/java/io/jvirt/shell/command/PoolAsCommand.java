package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;

import io.jvirt.shell.command.completers.PoolTypeCompleter;

/**
 * Base of pool-define-as and pool-create-as: virsh's VIRSH_COMMON_OPT_POOL_X_AS options, each
 * given by name or by position (virsh fills the options not named, in their order, with the
 * words that are not options: {@code pool-define-as P dir --target /x} and
 * {@code pool-define-as --type dir P} both work; options may follow the words, as in virsh:
 * {@link VirshWords}), then virshBuildPoolXML.
 */
public abstract class PoolAsCommand extends VirtCommand {

    @Argument(index = 0, name = "args", description = "name, type, then source-host, source-path, source-dev, source-name, target ... by position",
        multiValued = true)
    List<String> positional = new ArrayList<>();

    @Option(name = "--name", description = "name of the pool")
    String name;
    @Option(name = "--type", description = "type of the pool")
    @Completion(PoolTypeCompleter.class)
    String type;
    @Option(name = "--print-xml", description = "print XML document, but don't define/create")
    boolean printXml;
    @Option(name = "--source-host", description = "source-host for underlying storage")
    String sourceHost;
    @Option(name = "--source-path", description = "source path for underlying storage")
    String sourcePath;
    @Option(name = "--source-dev", description = "source device for underlying storage")
    String sourceDev;
    @Option(name = "--source-name", description = "source name for underlying storage")
    String sourceName;
    @Option(name = "--target", description = "target for underlying storage")
    String target;
    @Option(name = "--source-format", description = "format for underlying storage")
    String sourceFormat;
    @Option(name = "--auth-type", description = "auth type to be used for underlying storage")
    String authType;
    @Option(name = "--auth-username", description = "auth username to be used for underlying storage")
    String authUsername;
    @Option(name = "--secret-usage", description = "auth secret usage to be used for underlying storage")
    String secretUsage;
    @Option(name = "--secret-uuid", description = "auth secret UUID to be used for underlying storage")
    String secretUuid;
    @Option(name = "--adapter-name", description = "adapter name to be used for underlying storage")
    String adapterName;
    @Option(name = "--adapter-wwnn", description = "adapter wwnn to be used for underlying storage")
    String adapterWwnn;
    @Option(name = "--adapter-wwpn", description = "adapter wwpn to be used for underlying storage")
    String adapterWwpn;
    @Option(name = "--adapter-parent", description = "adapter parent scsi_hostN to be used for underlying vHBA storage")
    String adapterParent;
    @Option(name = "--adapter-parent-wwnn", description = "adapter parent scsi_hostN wwnn to be used for underlying vHBA storage")
    String adapterParentWwnn;
    @Option(name = "--adapter-parent-wwpn", description = "adapter parent scsi_hostN wwpn to be used for underlying vHBA storage")
    String adapterParentWwpn;
    @Option(name = "--adapter-parent-fabric-wwn", description = "adapter parent scsi_hostN fabric_wwn to be used for underlying vHBA storage")
    String adapterParentFabricWwn;
    @Option(name = "--source-protocol-ver", description = "nfsvers value for NFS pool mount option")
    String sourceProtocolVer;
    @Option(name = "--source-initiator", description = "initiator iqn for underlying storage")
    String sourceInitiator;

    /** The command's own boolean options, as they may appear among the words (see {@link VirshWords}). */
    protected void moreFlags(Map<String, Runnable> flags) {
    }

    /**
     * The option values by virsh's option names, the named ones first, then the positional words
     * in the order of the options left; virsh's errors for a word too many or a missing name or type.
     */
    protected Map<String, String> options() throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        String[] named = {name, type, sourceHost, sourcePath, sourceDev, sourceName, target, sourceFormat, authType,
            authUsername, secretUsage, secretUuid, adapterName, adapterWwnn, adapterWwpn, adapterParent,
            adapterParentWwnn, adapterParentWwpn, adapterParentFabricWwn, sourceProtocolVer, sourceInitiator};
        for (int i = 0; i < PoolXmlBuilder.OPTIONS.length; i++) {
            o.put(PoolXmlBuilder.OPTIONS[i], named[i]);
        }
        Map<String, java.util.function.Consumer<String>> valued = new java.util.HashMap<>();
        for (String opt : PoolXmlBuilder.OPTIONS) {
            valued.put(opt, v -> o.put(opt, v));
        }
        Map<String, Runnable> flags = new java.util.HashMap<>();
        flags.put("print-xml", () -> printXml = true);
        moreFlags(flags);
        List<String> words = VirshWords.parse(commandName(), positional, valued, flags);
        int next = 0;
        for (String word : words) {
            while (next < PoolXmlBuilder.OPTIONS.length && o.get(PoolXmlBuilder.OPTIONS[next]) != null) {
                next++;
            }
            if (next == PoolXmlBuilder.OPTIONS.length) {
                throw failure("unexpected data '" + word + "'");
            }
            o.put(PoolXmlBuilder.OPTIONS[next], word);
        }
        for (String required : new String[] {"name", "type"}) {
            if (o.get(required) == null) {
                throw failure("command '" + commandName() + "' requires <" + required + "> option");
            }
        }
        exclusive(o.get("secret-usage") != null, "secret-usage", o.get("secret-uuid") != null, "secret-uuid");
        return o;
    }
}
