package io.jvirt.driver.vmware;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The product's version as libvirt reads it (vmwareExtractVersion: {@code PROGRAM -v}, stdout and
 * stderr together; vmwareParseVersionStr: the text after the product's pattern, parsed by
 * virStringParseVersion without missing parts: major * 1000000 + minor * 1000 + micro).
 */
final class VmwareVersion {

    private static final Pattern VERSION = Pattern.compile("^(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})");

    private VmwareVersion() {
    }

    static long probe(java.nio.file.Path program, Product product, Duration timeout) {
        return parse(product, Vmrun.runArgv(List.of(program.toString(), "-v"), timeout));
    }

    /** vmwareParseVersionStr, with its words. */
    static long parse(Product product, String output) {
        String pattern = product.versionPattern();
        int at = output.indexOf(pattern);
        if (at < 0) {
            throw error("cannot find version pattern \"" + pattern + "\"");
        }
        Matcher m = VERSION.matcher(output.substring(at + pattern.length()));
        if (!m.find()) {
            throw error("version parsing error");
        }
        long major = Long.parseLong(m.group(1));
        long minor = Long.parseLong(m.group(2));
        long micro = Long.parseLong(m.group(3));
        // virParseVersionString: minor and micro below 1000, the packed value an unsigned long
        if (minor > 999 || micro > 999 || major > 4294) {
            throw error("version parsing error");
        }
        return major * 1_000_000 + minor * 1000 + micro;
    }

    private static VirtException error(String message) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VMWARE, message);
    }
}
