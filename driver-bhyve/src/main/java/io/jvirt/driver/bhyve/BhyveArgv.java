package io.jvirt.driver.bhyve;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.api.domain.MacAddress;

/** The bhyve-argv native format of domxml-to-native and domxml-from-native. */
final class BhyveArgv {

    static final String FORMAT = "bhyve-argv";

    /** What domxml-to-native prints for the device map's path (libvirt's placeholder). */
    static final String DEVICE_MAP_PLACEHOLDER = "<device.map>";

    /** Where libvirt's FreeBSD build finds its programs; the text names them so. */
    static final String BHYVE_PATH = BhyveArgvParser.BHYVE_PATH;

    private BhyveArgv() {
    }

    /**
     * domxml-to-native bhyve-argv (bhyveConnectDomainXMLToNative): the loader's command line, a
     * newline, then bhyve's, each on one line; for a UEFI domain bhyve's alone. Nothing is started
     * or created, so interfaces show as tap0 as in libvirt's dry run.
     */
    static String toNative(DomainDef def, Set<BhyveCapability> caps) {
        DomainDef d = def.copy();
        BhyveDomainRules.prepare(d, caps);
        for (InterfaceDef net : d.interfaces()) {
            net.targetDev("tap0");
        }
        StringBuilder out = new StringBuilder();
        if (BhyveDomain.bootloader(d) == null && d.os().loader() != null) {
            if (!"pflash".equals(d.os().loaderType()) || !Boolean.TRUE.equals(d.os().loaderReadonly())) {
                throw BhyveCommandBuilder.unsupported("Only read-only pflash is supported.");
            }
            if (!caps.contains(BhyveCapability.LPC_BOOTROM)) {
                throw BhyveCommandBuilder.unsupported("Installed bhyve binary does not support bootrom");
            }
        } else {
            List<String> loader = new ArrayList<>(BhyveLoader.build(d, DEVICE_MAP_PLACEHOLDER, true).argv());
            if (loader.get(0).equals(BhyveCommandBuilder.BHYVELOAD)) {
                loader.set(0, BhyveArgvParser.BHYVELOAD_PATH);
            }
            out.append(BhyveArgvText.render(loader, false, false)).append('\n');
        }
        List<String> bhyve = new ArrayList<>(BhyveCommandBuilder.bhyveArgv(d, caps));
        bhyve.set(0, BHYVE_PATH);
        out.append(BhyveArgvText.render(bhyve, false, false));
        return out.toString();
    }

    /** domxml-from-native bhyve-argv (bhyveParseCommandLineString): domain XML text. */
    static String fromNative(String nativeConfig, Set<BhyveCapability> caps) {
        return fromNative(nativeConfig, caps, UUID::randomUUID, MacAddress::generate, false);
    }

    /**
     * The same with the UUID and MAC generators given (libvirt's test mocks them) and the choice of
     * writing secrets (the driver does not, libvirt's test does).
     */
    static String fromNative(String nativeConfig, Set<BhyveCapability> caps, Supplier<UUID> uuids,
        Supplier<String> macs, boolean secure) {
        if (nativeConfig == null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.BHYVE, "nativeConfig must not be NULL");
        }
        if (nativeConfig.length() > DomainXml.MAX_CHARS) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.BHYVE, "native config too large");
        }
        return DomainXml.format(BhyveArgvParser.parse(nativeConfig, uuids, macs), -1, secure);
    }
}
