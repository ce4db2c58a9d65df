package io.jvirt.core.runtime;

import java.io.InputStream;
import java.io.OutputStream;

import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolDeleteFlag;
import io.jvirt.api.StorageVolDownloadFlag;
import io.jvirt.api.StorageVolInfo;
import io.jvirt.api.StorageVolInfoFlag;
import io.jvirt.api.StorageVolResizeFlag;
import io.jvirt.api.StorageVolUploadFlag;
import io.jvirt.api.StorageVolWipeAlgorithm;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.StorageVolRef;

/**
 * A {@link StorageVol} handle: as {@link StoragePoolImpl}, reads through
 * {@link ConnectionImpl#call}, changes (and, as libvirt, download) through
 * {@link ConnectionImpl#change}.
 */
final class StorageVolImpl implements StorageVol {

    private final ConnectionImpl conn;
    private final StorageVolRef ref;

    StorageVolImpl(ConnectionImpl conn, StorageVolRef ref) {
        this.conn = conn;
        this.ref = ref;
    }

    StorageVolRef ref() {
        return ref;
    }

    ConnectionImpl owner() {
        return conn;
    }

    private DriverConnection d() {
        return conn.storage();
    }

    @Override
    public Connection connection() {
        return conn;
    }

    @Override
    public String poolName() {
        return ref.pool();
    }

    @Override
    public String name() {
        return ref.name();
    }

    @Override
    public String key() {
        return ref.key();
    }

    @Override
    public StoragePool pool() {
        return conn.lookupStoragePoolByVolume(this);
    }

    @Override
    public String path() {
        return conn.call(() -> d().storageVolPath(ref));
    }

    @Override
    public StorageVolInfo info() {
        return conn.call(() -> d().storageVolInfo(ref, 0));
    }

    @Override
    public StorageVolInfo info(StorageVolInfoFlag... flags) {
        return conn.call(() -> d().storageVolInfo(ref, Flag.bits(flags)));
    }

    @Override
    public String xmlDesc() {
        return conn.call(() -> d().storageVolXmlDesc(ref, 0));
    }

    @Override
    public void delete(StorageVolDeleteFlag... flags) {
        conn.changeRun("virStorageVolDelete", () -> d().storageVolDelete(ref, Flag.bits(flags)));
    }

    @Override
    public void wipe() {
        conn.changeRun("virStorageVolWipe", () -> {
            try {
                d().storageVolWipe(ref, StorageVolWipeAlgorithm.ZERO.number(), 0);
            } catch (io.jvirt.api.VirtException e) {
                // the SPI has one entry for both calls; a driver without it names the function the caller used
                if (e.code() == io.jvirt.api.ErrorCode.NO_SUPPORT) {
                    throw io.jvirt.core.spi.DriverConnection.unsupported("virStorageVolWipe");
                }
                throw e;
            }
        });
    }

    @Override
    public void wipe(StorageVolWipeAlgorithm algorithm) {
        ConnectionImpl.requireArg(algorithm, "algorithm");
        conn.changeRun("virStorageVolWipePattern", () -> d().storageVolWipe(ref, algorithm.number(), 0));
    }

    @Override
    public void resize(long capacity, StorageVolResizeFlag... flags) {
        conn.changeRun("virStorageVolResize", () -> d().storageVolResize(ref, capacity, Flag.bits(flags)));
    }

    @Override
    public InputStream download(long offset, long length, StorageVolDownloadFlag... flags) {
        int bits = Flag.bits(flags);
        return conn.change("virStorageVolDownload", () -> {
            checkRange(offset, length);
            return requireStream(d().storageVolDownload(ref, offset, length, bits), "virStorageVolDownload");
        });
    }

    @Override
    public OutputStream upload(long offset, long length, StorageVolUploadFlag... flags) {
        int bits = Flag.bits(flags);
        return conn.change("virStorageVolUpload", () -> {
            checkRange(offset, length);
            return requireStream(d().storageVolUpload(ref, offset, length, bits), "virStorageVolUpload");
        });
    }

    /** libvirt's offset and length are unsigned: a negative Java long is a caller's error. */
    private static void checkRange(long offset, long length) {
        if (offset < 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "offset must not be negative: " + offset);
        }
        if (length < 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "length must not be negative: " + length);
        }
    }

    private static <T> T requireStream(T stream, String function) {
        if (stream == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, "the driver returned no stream for " + function);
        }
        return stream;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorageVolImpl other && other.conn == conn && other.ref.equals(ref);
    }

    @Override
    public int hashCode() {
        return ref.hashCode();
    }

    @Override
    public String toString() {
        return "StorageVol[" + ref.pool() + "/" + ref.name() + "]";
    }
}
