package io.jvirt.core.kit.vmx;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.conf.VirConf;

/**
 * Reads a VMX file as libvirt's {@code virVMXParseConfig} does: the syntax is
 * {@code virConfReadString(..., VIR_CONF_FLAG_VMX_FORMAT)}, the kit's {@link VirConf} with
 * {@link VirConf.Flag#VMX_FORMAT} (names start with a letter or '.' and may hold ':' '.' '-',
 * every value is a quoted string, syntax errors are CONF_SYNTAX "memory conf:LINE: ..."); what is
 * VMX's own is here: the {@code .encoding} entry that says which character set the bytes are in.
 */
public final class VmxParser {

    private VmxParser() {
    }

    /** Parses VMX text that is already decoded (the {@code .encoding} entry is not applied again). */
    public static Vmx parse(String text) {
        Vmx vmx = new Vmx();
        for (VirConf.Entry e : VirConf.read(text, VirConf.Flag.VMX_FORMAT).settings()) {
            // the VMX format reads only strings, so e.string() is never null here
            vmx.put(e.name(), e.string());
        }
        return vmx;
    }

    /**
     * Parses a VMX file as its bytes, as libvirt does: read it, and when {@code .encoding} names
     * another character set than UTF-8, convert the bytes from that set and read them again.
     */
    public static Vmx parse(byte[] bytes) {
        // ISO-8859-1 maps every byte to one char, so the ASCII syntax reads the same in any encoding
        Vmx raw = parse(new String(bytes, StandardCharsets.ISO_8859_1));
        String encoding = raw.string(".encoding", true);
        if (encoding == null || "UTF-8".equalsIgnoreCase(encoding)) {
            return parse(new String(bytes, StandardCharsets.UTF_8));
        }
        Charset cs;
        try {
            cs = Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            throw error("libxml2 doesn't handle " + encoding + " encoding");
        }
        return parse(new String(bytes, cs));
    }

    /** An error of the VMX converter: libvirt reports them as internal errors of no domain. */
    public static VirtException error(String message) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, message);
    }
}
