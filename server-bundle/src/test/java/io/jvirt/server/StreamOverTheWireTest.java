package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StoragePool;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.kit.rpc.MessageStatus;
import io.jvirt.core.kit.rpc.MessageType;
import io.jvirt.core.kit.rpc.Procedure;
import io.jvirt.core.kit.rpc.RemoteError;
import io.jvirt.core.kit.rpc.RpcHeader;
import io.jvirt.core.kit.rpc.RpcMessage;
import io.jvirt.core.kit.rpc.RpcStream;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.storage.LinuxStorageDriver;
import io.jvirt.driver.test.TestDriver;

/**
 * Streams over the wire: volume upload and download (REMOTE_PROC_STORAGE_VOL_UPLOAD / DOWNLOAD)
 * by real virsh 9.0 and libvirt-python 9.0 into a directory pool of driver-storage on
 * qemu:///system (libvirt's test driver, like jvirt's, has neither function: the test driver's
 * default-pool answers NO_SUPPORT, compared with libvirt's own), and the stream protocol's edges
 * by a raw client: finish, abort, holes, a client that stops reading, one that disconnects mid-stream.
 */
class StreamOverTheWireTest {

    private static final int MIB = 1 << 20;
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;
    private RemoteServer server;
    private Connector connector;
    private Path socket;
    private Path volume;

    @BeforeEach
    void start() throws IOException {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/qemu-img")), "qemu-img is not installed");
        socket = tmp.resolve("run/libvirt-sock");
        connector = StandaloneConnector.withStorage(null, List.of(LinuxStorageDriver.embedded(tmp.resolve("storage"))),
            new TestDriver(), new QemuStandIn());
        Path target = tmp.resolve("pools/wired");
        try (Connection c = connector.open("qemu:///system")) {
            StoragePool pool = c.defineStoragePoolXml("<pool type='dir'><name>wired</name><target><path>" + target
                + "</path></target></pool>");
            pool.build();
            pool.create();
            volume = Path.of(pool.createVolumeXml("<volume><name>up.img</name><capacity unit='MiB'>8</capacity>"
                + "<allocation>0</allocation></volume>").path());
            pool.createVolumeXml("<volume><name>big.img</name><capacity unit='MiB'>80</capacity>"
                + "<allocation>0</allocation></volume>");
        }
        server = RemoteServer.start(connector, ServerSettings.defaults(socket));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String qemu() {
        return "qemu+unix:///system?socket=" + socket;
    }

    private HostCommand.Result virsh(String uri, String... args) throws IOException {
        return LibvirtVirsh.run(tmp.resolve("home"), uri, args);
    }

    private static void requireVirsh() {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/virsh")), "virsh (libvirt-clients) is not installed");
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** vol-clone, vol-resize and vol-wipe reach driver-storage through the server (they answered NO_SUPPORT before). */
    @Test
    void virshClonesResizesAndWipesAVolume() throws Exception {
        requireVirsh();
        byte[] data = random(MIB, 7);
        Files.write(volume, data, java.nio.file.StandardOpenOption.WRITE);
        Path cloneXml = tmp.resolve("clone.xml");
        Files.writeString(cloneXml, "<volume><name>copy.img</name><capacity unit='MiB'>8</capacity></volume>");
        HostCommand.Result clone = virsh(qemu(), "vol-create-from", "wired", cloneXml.toString(), "--inputpool", "wired", "up.img");
        assertEquals(0, clone.status(), clone.output());
        Path copy = volume.resolveSibling("copy.img");
        assertArrayEquals(data, Arrays.copyOf(Files.readAllBytes(copy), data.length), "the clone holds the source's bytes");

        HostCommand.Result resize = virsh(qemu(), "vol-resize", "--pool", "wired", "copy.img", "16M");
        assertEquals(0, resize.status(), resize.output());
        assertEquals(16 * MIB, Files.size(copy));

        HostCommand.Result wipe = virsh(qemu(), "vol-wipe", "--pool", "wired", "copy.img");
        assertEquals(0, wipe.status(), wipe.output());
        byte[] wiped = Files.readAllBytes(copy);
        assertEquals(16 * MIB, wiped.length);
        for (int i = 0; i < data.length; i++) {
            if (wiped[i] != 0) {
                throw new AssertionError("byte " + i + " of the wiped volume is " + wiped[i]);
            }
        }
        Files.write(copy, data, java.nio.file.StandardOpenOption.WRITE);
        HostCommand.Result pattern = virsh(qemu(), "vol-wipe", "--pool", "wired", "copy.img", "--algorithm", "zero");
        assertEquals(0, pattern.status(), pattern.output());
        assertEquals(0, Files.readAllBytes(copy)[0]);

        // virStorageVolGetInfoFlags reaches it too (NO_SUPPORT before)
        HostCommand.Result physical = virsh(qemu(), "vol-info", "--pool", "wired", "copy.img", "--physical");
        assertEquals(0, physical.status(), physical.output());
        assertTrue(physical.output().contains("Physical:       16.00 MiB"), physical.output());

        // the read-only socket reaches none of them
        String ro = "qemu+unix:///system?socket=" + socket.resolveSibling("libvirt-sock-ro");
        HostCommand.Result refused = virsh(ro, "vol-resize", "--pool", "wired", "copy.img", "32M");
        assertTrue(refused.status() != 0 && refused.output().contains("read only access prevents virStorageVolResize"),
            refused.output());
        assertEquals(16 * MIB, Files.size(copy));
    }

    @Test
    void virshUploadsAndDownloadsAVolumeByteForByte() throws Exception {
        requireVirsh();
        byte[] data = random(3 * MIB + 123, 24);
        Path in = tmp.resolve("in.bin");
        Files.write(in, data);
        HostCommand.Result up = virsh(qemu(), "vol-upload", "--pool", "wired", "up.img", in.toString());
        assertEquals(0, up.status(), up.output());
        byte[] onDisk = Arrays.copyOf(Files.readAllBytes(volume), data.length);
        assertArrayEquals(data, onDisk, "the volume holds the uploaded bytes");

        Path out = tmp.resolve("out.bin");
        HostCommand.Result down = virsh(qemu(), "vol-download", "--pool", "wired", "up.img", out.toString(),
            "--length", Integer.toString(data.length));
        assertEquals(0, down.status(), down.output());
        assertArrayEquals(data, Files.readAllBytes(out), "byte-identical round trip");

        // the whole volume: its 8 MiB, the upload and the zeros after it
        HostCommand.Result all = virsh(qemu(), "vol-download", "--pool", "wired", "up.img", out.toString());
        assertEquals(0, all.status(), all.output());
        assertArrayEquals(Files.readAllBytes(volume), Files.readAllBytes(out));
        assertEquals(8 * MIB, Files.size(out));
    }

    @Test
    void virshUploadsAndDownloadsAtAnOffset() throws Exception {
        requireVirsh();
        byte[] data = random(MIB + 5, 25);
        Path in = tmp.resolve("in.bin");
        Files.write(in, data);
        HostCommand.Result up = virsh(qemu(), "vol-upload", "--pool", "wired", "up.img", in.toString(),
            "--offset", "4096", "--length", Integer.toString(data.length));
        assertEquals(0, up.status(), up.output());
        byte[] disk = Files.readAllBytes(volume);
        assertArrayEquals(new byte[4096], Arrays.copyOf(disk, 4096), "nothing before the offset was written");
        assertArrayEquals(data, Arrays.copyOfRange(disk, 4096, 4096 + data.length));

        Path out = tmp.resolve("out.bin");
        HostCommand.Result down = virsh(qemu(), "vol-download", "--pool", "wired", "up.img", out.toString(),
            "--offset", "4096", "--length", Integer.toString(data.length));
        assertEquals(0, down.status(), down.output());
        assertArrayEquals(data, Files.readAllBytes(out));

        // past the end: libvirt's file stream seeks there and reads nothing (no error, an empty file)
        HostCommand.Result past = virsh(qemu(), "vol-download", "--pool", "wired", "up.img", out.toString(),
            "--offset", Long.toString(9L * MIB));
        assertEquals(0, past.status(), past.output());
        assertEquals(0, Files.size(out));
    }

    @Test
    void virshSparseUploadSendsHolesAndTheBytesComeBackTheSame() throws Exception {
        requireVirsh();
        Path in = tmp.resolve("sparse.bin");
        byte[] head = random(65536, 26);
        byte[] tail = random(65536, 27);
        try (RandomAccessFile f = new RandomAccessFile(in.toFile(), "rw")) {
            f.write(head);
            f.seek(3L * MIB);
            f.write(tail);
        }
        HostCommand.Result up = virsh(qemu(), "vol-upload", "--sparse", "--pool", "wired", "up.img", in.toString());
        assertEquals(0, up.status(), up.output());
        byte[] expected = Files.readAllBytes(in);
        assertArrayEquals(expected, Arrays.copyOf(Files.readAllBytes(volume), expected.length));

        Path out = tmp.resolve("out.bin");
        HostCommand.Result down = virsh(qemu(), "vol-download", "--sparse", "--pool", "wired", "up.img", out.toString(),
            "--length", Integer.toString(expected.length));
        assertEquals(0, down.status(), down.output());
        assertArrayEquals(expected, Files.readAllBytes(out));
    }

    // ---- sparse downloads: holes travel as holes ----

    /** 64 MiB with 1 MiB of data: a hole first, 512 KiB at 1 MiB, 512 KiB at 40 MiB, a trailing hole. */
    private static final long SPARSE_SIZE = 64L * MIB;
    private static final long[][] SPARSE_DATA = {{MIB, MIB / 2}, {40L * MIB, MIB / 2}};

    /** The volume "sparse.img" of pool "wired" as {@link #SPARSE_DATA} lays it out, a sparse file. */
    private Path sparseVolume() throws IOException {
        Path p;
        try (Connection c = connector.open("qemu:///system")) {
            p = Path.of(c.lookupStoragePoolByName("wired").createVolumeXml("<volume><name>sparse.img</name><capacity>"
                + SPARSE_SIZE + "</capacity><allocation>0</allocation></volume>").path());
        }
        writeSparse(p);
        return p;
    }

    /** Writes {@link #SPARSE_DATA}'s random bytes into the (sparse) file {@code p} of {@link #SPARSE_SIZE} bytes. */
    static void writeSparse(Path p) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(SPARSE_SIZE);
            for (long[] d : SPARSE_DATA) {
                f.seek(d[0]);
                f.write(random((int) d[1], d[0]));
            }
        }
    }

    /** The bytes a file takes on disk (st_blocks, in stat's units). */
    static long allocated(Path p) throws IOException {
        HostCommand.Result r = HostCommand.run(List.of("/usr/bin/stat", "-c", "%b %B", p.toString()), 10_000, ErrorDomain.NONE);
        String[] f = r.output().strip().split(" ");
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }

    /** A copy that has the source's bytes and, where sparse, about its 1 MiB of data on disk (libvirt's own result). */
    static void assertSparseCopy(Path source, Path copy, boolean sparse) throws IOException {
        assertEquals(SPARSE_SIZE, Files.size(copy), "the size, trailing hole included");
        assertEquals(-1, Files.mismatch(source, copy), "the same bytes");
        long onDisk = allocated(copy);
        if (sparse) {
            assertTrue(onDisk >= MIB && onDisk <= 2L * MIB, "holes kept: " + onDisk + " bytes on disk for 1 MiB of data");
        } else {
            assertTrue(onDisk >= SPARSE_SIZE, "without --sparse every byte is written: " + onDisk + " bytes on disk");
        }
    }

    @Test
    void virshSparseDownloadKeepsTheHoles() throws Exception {
        requireVirsh();
        Path vol = sparseVolume();
        Path out = tmp.resolve("sparse-out.img");
        HostCommand.Result down = virsh(qemu(), "vol-download", "--sparse", "--pool", "wired", "sparse.img", out.toString());
        assertEquals(0, down.status(), down.output());
        assertSparseCopy(vol, out, true);

        Path plain = tmp.resolve("plain-out.img");
        HostCommand.Result all = virsh(qemu(), "vol-download", "--pool", "wired", "sparse.img", plain.toString());
        assertEquals(0, all.status(), all.output());
        assertSparseCopy(vol, plain, false);

        // a range that starts and ends inside holes and cuts the data: the same bytes as the volume's
        Path part = tmp.resolve("part-out.img");
        long off = MIB / 2 + 100;
        long len = 40L * MIB - off + 4096 + 7;
        HostCommand.Result range = virsh(qemu(), "vol-download", "--sparse", "--pool", "wired", "sparse.img", part.toString(),
            "--offset", Long.toString(off), "--length", Long.toString(len));
        assertEquals(0, range.status(), range.output());
        byte[] whole = Files.readAllBytes(vol);
        assertArrayEquals(Arrays.copyOfRange(whole, (int) off, (int) (off + len)), Files.readAllBytes(part));
    }

    @Test
    void libvirtPythonSparseRecvAllKeepsTheHoles() throws Exception {
        Prerequisite.require(Files.isExecutable(PYTHON) && Files.exists(Path.of("/usr/lib/python3/dist-packages/libvirt.py")),
            "python3-libvirt is not installed");
        Path vol = sparseVolume();
        Path sparse = tmp.resolve("py-sparse.img");
        Path plain = tmp.resolve("py-plain.img");
        HostCommand.Result r = sparseDownloadByPython(qemu(), "wired", "sparse.img", sparse, plain, tmp);
        assertEquals(0, r.status(), r.output());
        // the holes as libvirtd sends them for this file: before, between and after the data
        assertTrue(r.output().contains("sparse data " + MIB + " holes 3 hole_bytes " + (SPARSE_SIZE - MIB)), r.output());
        assertSparseCopy(vol, sparse, true);
        assertSparseCopy(vol, plain, false);
    }

    /** {@code libvirt_sparse_download.py}: a sparse download by sparseRecvAll, then a plain one by recvAll. */
    static HostCommand.Result sparseDownloadByPython(String uri, String pool, String vol, Path sparse, Path plain, Path home)
        throws IOException {
        Path script = Path.of("src/test/python/libvirt_sparse_download.py").toAbsolutePath();
        if (!Files.exists(script)) {
            script = Path.of("../server-bundle/src/test/python/libvirt_sparse_download.py").toAbsolutePath();
        }
        return HostCommand.run(List.of(PYTHON.toString(), script.toString(), uri, pool, vol, sparse.toString(),
            plain.toString()), Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString(), "LC_ALL", "C.UTF-8"), 120_000,
            ErrorDomain.NONE);
    }

    @Test
    void virshSparseUploadMakesRealHolesAndZerosWhatWasThere() throws Exception {
        requireVirsh();
        Path src = tmp.resolve("sparse-src.img");
        writeSparse(src);
        Path target;
        try (Connection c = connector.open("qemu:///system")) {
            target = Path.of(c.lookupStoragePoolByName("wired").createVolumeXml("<volume><name>target.img</name><capacity>"
                + SPARSE_SIZE + "</capacity><allocation>0</allocation></volume>").path());
        }
        HostCommand.Result up = virsh(qemu(), "vol-upload", "--sparse", "--pool", "wired", "target.img", src.toString());
        assertEquals(0, up.status(), up.output());
        assertSparseCopy(src, target, true); // the holes were not written as zeros

        // over data: the hole's bytes read as zeros afterwards, as libvirt's
        byte[] ff = new byte[8 * MIB];
        Arrays.fill(ff, (byte) 0xff);
        Files.write(volume, ff);
        Path small = tmp.resolve("small-src.img");
        try (RandomAccessFile f = new RandomAccessFile(small.toFile(), "rw")) {
            f.setLength(8L * MIB - 100);
            f.write(random(65536, 31));
            f.seek(3L * MIB + 10);
            f.write(random(65536, 32));
        }
        HostCommand.Result over = virsh(qemu(), "vol-upload", "--sparse", "--pool", "wired", "up.img", small.toString());
        assertEquals(0, over.status(), over.output());
        byte[] expected = Arrays.copyOf(Files.readAllBytes(small), 8 * MIB);
        Arrays.fill(expected, 8 * MIB - 100, 8 * MIB, (byte) 0xff); // past the upload: the volume's own bytes
        assertArrayEquals(expected, Files.readAllBytes(volume));
    }

    /** On the wire: one STREAM_HOLE (length, flags 0) per hole, data packets of at most 256 KiB that stop at a hole, then the end. */
    @Test
    void aSparseDownloadSendsLibvirtsHoleMessages() throws Exception {
        Path vol = sparseVolume();
        try (RawClient c = openQemu()) {
            RpcMessage r = openStream(c, "STORAGE_VOL_DOWNLOAD", volArgs("sparse.img", 0, 0, 1));
            assertEquals(MessageStatus.OK, r.header().status(), () -> RemoteError.decode(r.payload()).toString());
            RpcStream s = stream("STORAGE_VOL_DOWNLOAD", true);
            List<String> sections = new java.util.ArrayList<>();
            long at = 0;
            long run = 0;
            while (true) {
                RpcMessage m = nextPacket(c);
                assertNotNull(m, "the stream ended early");
                RpcStream.Packet p = s.receive(m);
                if (p.kind() == RpcStream.Kind.HOLE) {
                    assertEquals(MessageType.STREAM_HOLE, m.header().type());
                    assertEquals(MessageStatus.CONTINUE, m.header().status());
                    assertEquals(0, io.jvirt.core.kit.rpc.ProtocolDescription.libvirt().struct("stream_hole")
                        .decode(m.payload()).getInt("flags"), "a hole's flags");
                    if (run > 0) {
                        sections.add("data " + run);
                        run = 0;
                    }
                    sections.add("hole " + p.holeLength());
                    at += p.holeLength();
                } else if (p.kind() == RpcStream.Kind.DATA) {
                    assertTrue(p.data().length <= RpcStream.MAX_DATA, "libvirt's packet size");
                    run += p.data().length;
                    at += p.data().length;
                } else {
                    assertEquals(RpcStream.Kind.EOF, p.kind());
                    if (run > 0) {
                        sections.add("data " + run);
                    }
                    break;
                }
            }
            assertEquals(SPARSE_SIZE, at);
            assertEquals(List.of("hole " + MIB, "data " + MIB / 2, "hole " + (40L * MIB - MIB - MIB / 2), "data " + MIB / 2,
                "hole " + (SPARSE_SIZE - 40L * MIB - MIB / 2)), sections);
            c.send(s.finish());
            assertEquals(MessageStatus.OK, nextPacket(c).header().status(), "finish confirmed");
        }
        // without the flag: data only
        try (RawClient c = openQemu()) {
            openStream(c, "STORAGE_VOL_DOWNLOAD", volArgs("sparse.img", 0, 0, 0));
            long total = 0;
            RpcMessage m;
            while ((m = nextPacket(c)) != null && m.header().status() == MessageStatus.CONTINUE && m.payload().length > 0) {
                assertEquals(MessageType.STREAM, m.header().type(), "no hole on a stream that is not sparse");
                total += m.payload().length;
            }
            assertEquals(Files.size(vol), total);
        }
    }

    @Test
    void virshErrorsAreLibvirts() throws Exception {
        requireVirsh();
        Path in = tmp.resolve("in.bin");
        Files.write(in, random(4096, 28));
        HostCommand.Result missing = virsh(qemu(), "vol-upload", "--pool", "wired", "nosuch.img", in.toString());
        assertEquals(1, missing.status());
        assertTrue(missing.output().contains("error: failed to get vol 'nosuch.img'"), missing.output());

        HostCommand.Result ro = virsh(qemu(), "-r", "vol-upload", "--pool", "wired", "up.img", in.toString());
        assertEquals(1, ro.status());
        assertTrue(ro.output().contains("error: operation forbidden: read only access prevents virStorageVolUpload"),
            ro.output());
        HostCommand.Result roSocket = virsh("qemu+unix:///system?socket=" + socket.resolveSibling("libvirt-sock-ro"),
            "vol-download", "--pool", "wired", "up.img", tmp.resolve("o").toString());
        assertEquals(1, roSocket.status());
        assertTrue(roSocket.output().contains("read only access prevents virStorageVolDownload"), roSocket.output());
    }

    /** libvirt's test driver has no volume upload or download: the same refusal from jvirt's over the wire. */
    @Test
    void theTestDriversDefaultPoolRefusesAsLibvirtsDoes() throws Exception {
        requireVirsh();
        Path in = tmp.resolve("in.bin");
        Files.write(in, random(4096, 29));
        Path volXml = tmp.resolve("vol.xml");
        Files.writeString(volXml, "<volume><name>wire.img</name><capacity unit='MiB'>1</capacity></volume>");
        String jvirt = "test+unix:///default?socket=" + socket;
        String script = "vol-create default-pool " + volXml + "; vol-upload --pool default-pool wire.img " + in
            + "; vol-download --pool default-pool wire.img " + tmp.resolve("o") + "; vol-upload --pool default-pool nosuch " + in;
        LibvirtVirsh.assertSame(virsh("test:///default", script), virsh(jvirt, script), "virsh " + script);
    }

    @Test
    void libvirtPythonStreams() throws Exception {
        Prerequisite.require(Files.isExecutable(PYTHON) && Files.exists(Path.of("/usr/lib/python3/dist-packages/libvirt.py")),
            "python3-libvirt is not installed");
        HostCommand.Result r = HostCommand.run(List.of(PYTHON.toString(),
            Path.of("src/test/python/libvirt_streams.py").toAbsolutePath().toString(), qemu(), "wired", "up.img",
            Integer.toString(2 * MIB + 17)), Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString(), "LC_ALL", "C.UTF-8"),
            120_000, ErrorDomain.NONE);
        assertEquals(0, r.status(), r.output());
        String o = r.output();
        assertTrue(o.contains("uploaded " + (2 * MIB + 17)), o);
        assertTrue(o.contains("downloaded " + (2 * MIB + 17)) && o.contains(" True\n"), o);
        assertTrue(o.contains("range 5000 True"), o);
        assertTrue(o.contains("aborted upload"), o);
        assertTrue(o.contains("nosuch 50 18 Storage volume not found: no storage vol with matching name 'nosuch.img'"), o);
        assertTrue(o.contains("upload read-only 29 operation forbidden: read only access prevents virStorageVolUpload"), o);
        assertTrue(o.contains("download read-only 29 operation forbidden: read only access prevents virStorageVolDownload"), o);
    }

    // ---- the protocol's edges, with a raw client ----

    private static final int SERIAL = 77;

    private RawClient openQemu() throws Exception {
        RawClient c = new RawClient(socket);
        c.ok("AUTH_LIST", null);
        c.ok("CONNECT_OPEN", XdrStruct.of("a", "name", "qemu:///system", "flags", 0));
        return c;
    }

    private static XdrStruct volArgs(String name, long offset, long length, int flags) {
        return XdrStruct.of("a", "vol", XdrStruct.of("v", "pool", "wired", "name", name, "key", ""), "offset", offset,
            "length", length, "flags", flags);
    }

    /** Sends a stream-opening call with serial {@link #SERIAL} and returns its reply. */
    private static RpcMessage openStream(RawClient c, String procedure, XdrStruct args) throws Exception {
        Procedure p = RawClient.REMOTE.procedure(procedure);
        RpcHeader call = RawClient.REMOTE.call(p, SERIAL);
        c.send(new RpcMessage(call, p.encodeArgs(args)));
        return c.reply();
    }

    private static RpcStream stream(String procedure, boolean sparse) {
        return new RpcStream(RawClient.REMOTE.call(RawClient.REMOTE.procedure(procedure), SERIAL), sparse);
    }

    /** The next packet of the stream, skipping keepalive. */
    private static RpcMessage nextPacket(RawClient c) throws Exception {
        while (true) {
            RpcMessage m = c.receive();
            if (m == null || m.header().type() == MessageType.STREAM || m.header().type() == MessageType.STREAM_HOLE) {
                return m;
            }
        }
    }

    @Test
    void uploadFinishIsConfirmedAndDataLandsInTheVolume() throws Exception {
        try (RawClient c = openQemu()) {
            RpcMessage r = openStream(c, "STORAGE_VOL_UPLOAD", volArgs("up.img", 0, 0, 0));
            assertEquals(MessageStatus.OK, r.header().status(), () -> RemoteError.decode(r.payload()).toString());
            RpcStream s = stream("STORAGE_VOL_UPLOAD", false);
            byte[] data = random(600_000, 30);
            for (int off = 0; off < data.length; off += RpcStream.MAX_DATA) {
                c.send(s.data(data, off, Math.min(RpcStream.MAX_DATA, data.length - off)));
            }
            c.send(s.finish());
            RpcMessage confirm = nextPacket(c);
            assertNotNull(confirm);
            assertEquals(MessageStatus.OK, confirm.header().status());
            assertEquals(SERIAL, confirm.header().serial());
            assertEquals(0, confirm.payload().length);
            s.receive(confirm);
            assertTrue(s.closed());
            assertArrayEquals(data, Arrays.copyOf(Files.readAllBytes(volume), data.length));
        }
    }

    @Test
    void aClientAbortIsConfirmedAndTheServerGoesOn() throws Exception {
        try (RawClient c = openQemu()) {
            openStream(c, "STORAGE_VOL_DOWNLOAD", volArgs("big.img", 0, 0, 0));
            RpcStream s = stream("STORAGE_VOL_DOWNLOAD", false);
            RpcMessage first = nextPacket(c);
            assertEquals(MessageStatus.CONTINUE, first.header().status());
            assertEquals(RpcStream.MAX_DATA, first.payload().length, "libvirt's packet size");
            c.send(s.abort());
            // data already on its way may precede the confirmation
            RpcMessage m;
            do {
                m = nextPacket(c);
            } while (m != null && m.header().status() == MessageStatus.CONTINUE);
            assertNotNull(m);
            assertEquals(MessageStatus.OK, m.header().status(), "an abort is confirmed with an empty OK");
            assertEquals(0, c.ok("CONNECT_LIST_ALL_STORAGE_POOLS", XdrStruct.of("a", "need_results", 0, "flags", 0))
                .getInt("ret") - 1, "the connection still serves calls");
        }
    }

    @Test
    void aHoleOnAStreamThatIsNotSparseDropsTheClient() throws Exception {
        try (RawClient c = openQemu()) {
            openStream(c, "STORAGE_VOL_UPLOAD", volArgs("up.img", 0, 0, 0));
            RpcStream sparse = stream("STORAGE_VOL_UPLOAD", true);
            c.send(sparse.hole(4096));
            assertTrue(c.closedByServer(), "libvirtd: Unexpected stream hole, the client is closed");
        }
        awaitNoStreamsNorClients();
    }

    @Test
    void aClientThatStopsReadingIsNotDroppedAndGetsEveryByte() throws Exception {
        // 80 MiB is more than the output the server lets pile up for a client (64 MiB): without
        // flow control, the stream would outrun the paused client and the server would drop it
        try (RawClient c = openQemu()) {
            openStream(c, "STORAGE_VOL_DOWNLOAD", volArgs("big.img", 0, 0, 0));
            Thread.sleep(3000); // the client reads nothing meanwhile
            long total = 0;
            RpcMessage m;
            while ((m = nextPacket(c)) != null && m.header().status() == MessageStatus.CONTINUE && m.payload().length > 0) {
                total += m.payload().length;
            }
            assertNotNull(m, "the server dropped the client");
            assertEquals(0, m.payload().length, "end of data");
            assertEquals(80L * MIB, total);
            RpcStream s = stream("STORAGE_VOL_DOWNLOAD", false);
            c.send(s.finish());
            assertEquals(MessageStatus.OK, nextPacket(c).header().status(), "finish confirmed");
        }
    }

    @Test
    void clientsThatDisconnectMidStreamLeakNothing() throws Exception {
        // one round first, so that the JVM's lazily opened files (jars, /dev/random) are open already
        disconnectMidStreams();
        awaitNoStreamsNorClients();
        long fds = openFds();
        disconnectMidStreams();
        awaitNoStreamsNorClients();
        // a closed client's socket is released when the event loop next drops the cancelled keys,
        // which may come just after the client was counted out
        for (int i = 0; i < 50 && openFds() > fds; i++) {
            Thread.sleep(100);
        }
        assertEquals(fds, openFds(), () -> "file descriptors before and after: " + fdTargets());
    }

    private static String fdTargets() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.map(p -> {
                try {
                    return Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    return "?";
                }
            }).sorted().toList().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void disconnectMidStreams() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (RawClient down = openQemu(); RawClient up = openQemu()) {
                openStream(down, "STORAGE_VOL_DOWNLOAD", volArgs("big.img", 0, 0, 0));
                assertNotNull(nextPacket(down));
                openStream(up, "STORAGE_VOL_UPLOAD", volArgs("up.img", 0, 0, 0));
                RpcStream s = stream("STORAGE_VOL_UPLOAD", false);
                up.send(s.data(new byte[1000], 0, 1000));
            }
        }
    }

    private static long openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    private void awaitNoStreamsNorClients() throws InterruptedException {
        for (int i = 0; i < 300 && (threads("jvirt-rpc-client-") + threads("jvirt-rpc-stream-") > 0 || server.clientCount() > 0); i++) {
            Thread.sleep(100);
        }
        assertEquals(0, threads("jvirt-rpc-stream-"), "stream threads left");
        assertEquals(0, threads("jvirt-rpc-client-"), "client threads left");
        assertEquals(0, server.clientCount(), "clients counted");
    }
}
