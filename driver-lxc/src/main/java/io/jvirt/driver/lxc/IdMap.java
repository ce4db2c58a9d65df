package io.jvirt.driver.lxc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.IdMapDef;

/**
 * A domain's {@code <idmap>}: the container runs in a user namespace whose uid_map and gid_map
 * unshare writes before the container's first program runs.
 * {@code <uid start='0' target='100000' count='65536'/>}: container uid 0.. is host uid 100000...
 *
 * @param uidMap the uid_map content ("start target count" lines)
 * @param gidMap the gid_map content
 */
record IdMap(String uidMap, String gidMap) {

    /** The domain's id map, or null when it has none. */
    static IdMap of(DomainDef def) {
        IdMapDef idmap = def.idmap();
        if (idmap == null || idmap.uids().isEmpty() && idmap.gids().isEmpty()) {
            return null;
        }
        String uid = lines(idmap.uids(), "uid");
        String gid = lines(idmap.gids(), "gid");
        if (!uid.startsWith("0 ") && !uid.contains("\n0 ") || !gid.startsWith("0 ") && !gid.contains("\n0 ")) {
            throw LxcDomainRules.unsupported("You must map the root user and group of the container");
        }
        return new IdMap(uid, gid);
    }

    /** "start target count" lines; a range must map at least one id (the parser accepts count 0, unshare not). */
    private static String lines(java.util.List<IdMapDef.Entry> entries, String kind) {
        StringBuilder out = new StringBuilder();
        for (IdMapDef.Entry e : entries) {
            if (e.count() == 0) {
                throw LxcDomainRules.unsupported("invalid idmap " + kind + "@count '0'");
            }
            out.append(e.start()).append(' ').append(e.target()).append(' ').append(e.count()).append('\n');
        }
        return out.toString();
    }

    /**
     * unshare's options for these maps ({@code --map-users=HOST,CONTAINER,COUNT}, one per range),
     * plus {@code --setuid 0 --setgid 0} so that the container's first program runs as the
     * namespace's root (an unmapped uid would lose every capability at exec).
     */
    java.util.List<String> unshareOptions() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String[] kind : new String[][] {{uidMap, "--map-users="}, {gidMap, "--map-groups="}}) {
            for (String line : kind[0].split("\n")) {
                String[] f = line.trim().split(" ");
                out.add(kind[1] + f[1] + "," + f[0] + "," + f[2]);
            }
        }
        out.add("--setuid");
        out.add("0");
        out.add("--setgid");
        out.add("0");
        return out;
    }

    /**
     * unshare writes the maps through {@code newuidmap}/{@code newgidmap} (shadow's setuid helpers,
     * which need /etc/subuid); the driver runs as root and puts these two small programs first on
     * unshare's PATH instead: they write {@code /proc/PID/[ug]id_map} directly.
     */
    static void writeMapHelpers(Path binDir) throws IOException {
        Files.createDirectories(binDir);
        for (String kind : new String[] {"uid", "gid"}) {
            Path f = binDir.resolve("new" + kind + "map");
            Files.writeString(f, "#!/bin/sh\n# jvirt: new" + kind + "map PID INSIDE OUTSIDE COUNT ... as root\n"
                + "pid=$1; shift; m=''\n"
                + "while [ $# -ge 3 ]; do m=\"$m$1 $2 $3\n\"; shift 3; done\n"
                + "printf \"$m\" > /proc/$pid/" + kind + "_map\n");
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
