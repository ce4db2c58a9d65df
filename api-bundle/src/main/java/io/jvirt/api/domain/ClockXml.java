package io.jvirt.api.domain;

import io.jvirt.api.xml.XmlOut;

/** Parses and formats {@code <clock>} and its timers. */
final class ClockXml {

    private ClockXml() {
    }

    static ClockDef parse(XmlElement e) {
        ClockDef c = new ClockDef();
        String offset = ParseContext.oneOf(e, "offset", "utc", "localtime", "variable", "timezone", "absolute");
        c.offset(offset == null ? "utc" : offset);
        switch (c.offset()) {
            case "utc", "localtime" -> {
                String adj = e.get("adjustment");
                if ("reset".equals(adj)) {
                    c.adjustmentReset(true);
                } else if (adj != null) {
                    // a numeric adjustment makes it a variable clock with this basis, as libvirt reads it
                    c.adjustment(signed(adj, "unknown clock adjustment '" + adj + "'"));
                    c.basis(c.offset());
                    c.offset("variable");
                }
            }
            case "variable" -> {
                String adj = e.get("adjustment");
                if (adj != null) {
                    c.adjustment(signed(adj, "invalid clock adjustment '" + adj + "'"));
                }
                String basis = ParseContext.oneOf(e, "basis", "utc", "localtime");
                c.basis(basis == null ? "utc" : basis);
            }
            case "timezone" -> {
                String tz = e.get("timezone");
                if (tz == null) {
                    throw ParseContext.xmlError("missing 'timezone' attribute for clock with offset='timezone'");
                }
                c.timezone(tz);
            }
            default -> {
                String start = e.get("start");
                if (start == null) {
                    throw ParseContext.xmlError("missing 'start' attribute for clock with offset='absolute'");
                }
                c.start(unsignedLong(start, "clock@start"));
            }
        }
        for (XmlElement t : e.all("timer")) {
            c.addTimer(parseTimer(t));
        }
        return c;
    }

    private static TimerDef parseTimer(XmlElement e) {
        String name = e.get("name");
        if (name == null) {
            throw ParseContext.xmlError("missing timer name");
        }
        TimerDef t = new TimerDef(ParseContext.oneOf(e, "name", "platform", "pit", "rtc", "hpet", "tsc", "kvmclock",
            "hypervclock", "armvtimer"));
        String present = ParseContext.oneOf(e, "present", "yes", "no");
        t.present(present == null ? null : "yes".equals(present));
        t.tickpolicy(ParseContext.oneOf(e, "tickpolicy", "delay", "catchup", "merge", "discard"));
        t.track(ParseContext.oneOf(e, "track", "boot", "guest", "wall", "realtime"));
        String freq = e.get("frequency");
        if (freq != null) {
            t.frequency(unsignedLong(freq, "timer@frequency"));
        }
        t.mode(ParseContext.oneOf(e, "mode", "auto", "native", "emulate", "paravirt", "smpsafe"));
        XmlElement catchup = e.child("catchup");
        if (catchup != null) {
            t.catchupThreshold(optionalLong(catchup, "threshold"));
            t.catchupSlew(optionalLong(catchup, "slew"));
            t.catchupLimit(optionalLong(catchup, "limit"));
        }
        return t;
    }

    private static Long optionalLong(XmlElement e, String attr) {
        String v = e.get(attr);
        return v == null ? null : unsignedLong(v, "catchup@" + attr);
    }

    private static long signed(String v, String error) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException ex) {
            throw ParseContext.xmlError(error);
        }
    }

    static long unsignedLong(String v, String path) {
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw ParseContext.badValue(path, v);
            }
            return n;
        } catch (NumberFormatException ex) {
            throw ParseContext.badValue(path, v);
        }
    }

    static void format(XmlOut out, ClockDef c) {
        if (c == null) {
            out.open(1, "clock").attr("offset", "utc").end();
            return;
        }
        out.open(1, "clock").attr("offset", c.offset());
        switch (c.offset()) {
            case "utc", "localtime" -> out.attr("adjustment", c.adjustmentReset() ? "reset" : null);
            case "variable" -> out.attr("adjustment", c.adjustment()).attr("basis", c.basis() == null ? "utc" : c.basis());
            case "timezone" -> out.attr("timezone", c.timezone());
            case "absolute" -> out.attr("start", c.start());
            default -> {
                // an offset set in code that libvirt does not know: written as is
            }
        }
        if (c.timers().isEmpty()) {
            out.end();
            return;
        }
        out.body();
        for (TimerDef t : c.timers()) {
            out.open(2, "timer").attr("name", t.name())
                .attr("present", t.present() == null ? null : t.present() ? "yes" : "no")
                .attr("tickpolicy", t.tickpolicy()).attr("track", t.track()).attr("frequency", t.frequency())
                .attr("mode", t.mode());
            if (t.catchupThreshold() == null && t.catchupSlew() == null && t.catchupLimit() == null) {
                out.end();
            } else {
                out.body();
                out.open(3, "catchup").attr("threshold", t.catchupThreshold()).attr("slew", t.catchupSlew())
                    .attr("limit", t.catchupLimit()).end();
                out.close(2, "timer");
            }
        }
        out.close(1, "clock");
    }
}
