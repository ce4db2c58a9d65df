# libvirt-python's sparse download (StreamOverTheWireTest; driver-remote's RemoteStreamsTest runs it
# against libvirtd, the oracle): storageVolDownload with VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM,
# then stream.sparseRecvAll, whose hole handler seeks and extends the file as virsh's does (a real
# hole); then the same download without the flag through recvAll. Prints what each received.
import os
import sys
import libvirt

uri, pool_name, vol_name, sparse_out, plain_out = sys.argv[1:6]
c = libvirt.open(uri)
vol = c.storagePoolLookupByName(pool_name).storageVolLookupByName(vol_name)

fd = os.open(sparse_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
seen = {"data": 0, "holes": 0, "hole_bytes": 0}


def recv(stream, data, fd):
    seen["data"] += len(data)
    return os.write(fd, data)


def hole(stream, length, fd):
    seen["holes"] += 1
    seen["hole_bytes"] += length
    end = os.lseek(fd, length, os.SEEK_CUR)
    os.ftruncate(fd, end)
    return 0


st = c.newStream(0)
vol.download(st, 0, 0, libvirt.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM)
st.sparseRecvAll(recv, hole, fd)
st.finish()
os.close(fd)
print("sparse data", seen["data"], "holes", seen["holes"], "hole_bytes", seen["hole_bytes"])

fd = os.open(plain_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
st = c.newStream(0)
vol.download(st, 0, 0, 0)
st.recvAll(lambda stream, data, fd: os.write(fd, data), fd)
st.finish()
os.close(fd)
print("plain done")
c.close()
