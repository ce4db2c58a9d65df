package io.jvirt.server;

import io.jvirt.api.ConsoleFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainConsole;
import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolDownloadFlag;
import io.jvirt.api.StorageVolUploadFlag;

/**
 * The procedures that open a stream (remote_daemon_dispatch.c's remoteDispatchStorageVolUpload /
 * Download): the API opens the Java stream (its refusals, read-only connection included, answer
 * the call), the call is answered OK, then the stream's packets carry the bytes
 * ({@link UploadStream}, {@link DownloadStream}, {@link ConsoleStream}). A driver without consoles
 * (the test driver, as libvirt's) answers DOMAIN_OPEN_CONSOLE with NO_SUPPORT naming virDomainOpenConsole.
 */
final class StreamProcedures {

    private StreamProcedures() {
    }

    static void register(RemoteDispatcher d) {
        d.change("STORAGE_VOL_UPLOAD", (c, conn, a) -> {
            StorageVolUploadFlag[] flags = WireFlags.of(StorageVolUploadFlag.class, a.getInt("flags"), "virStorageVolUpload");
            StorageVol vol = RemoteDispatcher.storageVol(conn, a);
            var out = vol.upload(a.getLong("offset"), a.getLong("length"), flags);
            c.streams().open(new UploadStream(c.streams(), flags.length > 0, what("upload to", vol), out));
            return null;
        });
        d.change("DOMAIN_OPEN_CONSOLE", (c, conn, a) -> {
            ConsoleFlag[] flags = WireFlags.of(ConsoleFlag.class, a.getInt("flags"), "virDomainOpenConsole");
            Domain dom = conn.lookupByUuid(a.getStruct("dom").getUuid("uuid"));
            DomainConsole console = dom.openConsole(a.getString("dev_name"), flags);
            c.streams().open(new ConsoleStream(c.streams(), "console of domain '" + dom.name() + "'", console));
            return null;
        });
        d.change("STORAGE_VOL_DOWNLOAD", (c, conn, a) -> {
            StorageVolDownloadFlag[] flags = WireFlags.of(StorageVolDownloadFlag.class, a.getInt("flags"),
                "virStorageVolDownload");
            StorageVol vol = RemoteDispatcher.storageVol(conn, a);
            var in = vol.download(a.getLong("offset"), a.getLong("length"), flags);
            c.streams().open(new DownloadStream(c.streams(), flags.length > 0, what("download of", vol), in));
            return null;
        });
    }

    private static String what(String action, StorageVol v) {
        return action + " volume '" + v.name() + "' of pool '" + v.poolName() + "'";
    }

}
