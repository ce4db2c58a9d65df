package io.jvirt.server;

import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolDownloadFlag;
import io.jvirt.api.StorageVolUploadFlag;

/**
 * The procedures that open a stream (remote_daemon_dispatch.c's remoteDispatchStorageVolUpload /
 * Download): the API opens the Java stream (its refusals, read-only connection included, answer
 * the call), the call is answered OK, then the stream's packets carry the bytes
 * ({@link UploadStream}, {@link DownloadStream}). DOMAIN_OPEN_CONSOLE is described but has no
 * handler: the jvirt API has no domain console yet, so it answers NO_SUPPORT as libvirtd does for a
 * driver without virDomainOpenConsole.
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
        d.change("STORAGE_VOL_DOWNLOAD", (c, conn, a) -> {
            StorageVolDownloadFlag[] flags = WireFlags.of(StorageVolDownloadFlag.class, a.getInt("flags"),
                "virStorageVolDownload");
            StorageVol vol = RemoteDispatcher.storageVol(conn, a);
            var in = vol.download(a.getLong("offset"), a.getLong("length"), flags);
            c.streams().open(new DownloadStream(c.streams(), what("download of", vol), in));
            return null;
        });
    }

    private static String what(String action, StorageVol v) {
        return action + " volume '" + v.name() + "' of pool '" + v.poolName() + "'";
    }

}
