package io.jvirt.driver.bhyve;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;

/**
 * libvirt's bhyveFirmwareFillDomain, run when a domain with {@code <os firmware='efi'>} starts: the
 * loader becomes BHYVE_UEFI.fd in the firmware directory, or else the first file found there.
 */
final class BhyveFirmware {

    /** libvirt's default firmware_dir on FreeBSD. */
    static final String DEFAULT_DIR = "/usr/local/share/uefi-firmware";

    private static final String DEFAULT_FIRMWARE = "BHYVE_UEFI.fd";

    private BhyveFirmware() {
    }

    static void fill(DomainDef def, Path firmwareDir) {
        if (def.os().firmware() == null) {
            return;
        }
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(firmwareDir)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(firmwareDir)) {
                dir.forEach(p -> entries.add(p.getFileName().toString()));
            } catch (IOException e) {
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.BHYVE,
                    "cannot read directory '" + firmwareDir + "': " + e.getMessage());
            }
        }
        fill(def, firmwareDir.toString(), entries);
    }

    /** The same on a listing already made (the directory's entries, in the order read). */
    static void fill(DomainDef def, String firmwareDir, List<String> entries) {
        if (def.os().firmware() == null) {
            return;
        }
        String match = null;
        String first = null;
        for (String e : entries) {
            if (e.startsWith(".")) {
                continue;
            }
            if (e.equals(DEFAULT_FIRMWARE)) {
                match = e;
                break;
            }
            if (first == null) {
                first = e;
            }
        }
        if (match == null) {
            if (first == null) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.BHYVE,
                    "no firmwares found in " + firmwareDir);
            }
            match = first;
        }
        def.os().loader(firmwareDir + "/" + match);
        def.os().loaderType("pflash");
        def.os().loaderReadonly(true);
    }
}
