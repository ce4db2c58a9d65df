package io.jvirt.shell.command;

import java.io.Closeable;
import java.io.IOException;

import org.apache.karaf.shell.support.CommandException;

import io.jvirt.api.VirtException;

/** What vol-upload and vol-download share: virsh's --offset/--length parsing and stream error lines. */
final class StreamNumbers {

    private StreamNumbers() {
    }

    /** vshCommandOptULongLong: an unsigned decimal. */
    static long unsigned(String value, String option) throws CommandException {
        try {
            String v = value.strip();
            if (!v.startsWith("-")) {
                return Long.parseUnsignedLong(v.startsWith("+") ? v.substring(1) : v);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw malformed(value, option);
    }

    /** vshCommandOptULongLongWrap: as {@link #unsigned}, and a negative value wraps around (-1 is the largest). */
    static long wrapping(String value, String option) throws CommandException {
        String v = value.strip();
        if (v.startsWith("-")) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw malformed(value, option);
            }
        }
        return unsigned(value, option);
    }

    private static CommandException malformed(String value, String option) {
        return VirtCommand.failure("Numeric value '" + value + "' for <" + option + "> option is malformed or out of range");
    }

    /** virsh's line for a failed transfer, with the driver's error under it when the stream carried one. */
    static CommandException streamFailure(String context, IOException e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof VirtException)) {
            cause = cause.getCause();
        }
        return cause == null ? VirtCommand.failure(context) : VirtCommand.failure(context, (VirtException) cause);
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // already reported, or the transfer is being abandoned
        }
    }
}
