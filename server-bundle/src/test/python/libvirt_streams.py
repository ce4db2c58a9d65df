# libvirt-python's stream API over the wire (StreamOverTheWireTest): a volume uploaded through
# newStream + storageVolUpload + send/finish, downloaded through storageVolDownload + recv/finish,
# an upload aborted half way, a ranged download, and the refusals of a missing volume.
import hashlib
import sys
import libvirt

uri, pool_name, vol_name, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
data = bytes((i * 7 + i // 251) % 256 for i in range(size))
c = libvirt.open(uri)
pool = c.storagePoolLookupByName(pool_name)
vol = pool.storageVolLookupByName(vol_name)

st = c.newStream(0)
vol.upload(st, 0, len(data), 0)
for off in range(0, len(data), 100000):
    st.send(data[off:off + 100000])
st.finish()
print("uploaded", len(data), hashlib.sha256(data).hexdigest())

st = c.newStream(0)
vol.download(st, 0, len(data), 0)
got = bytearray()
while True:
    chunk = st.recv(65536)
    if not chunk:
        break
    got += chunk
st.finish()
print("downloaded", len(got), hashlib.sha256(bytes(got)).hexdigest(), bytes(got) == data)

st = c.newStream(0)
vol.download(st, 1000, 5000, 0)
part = bytearray()
while True:
    chunk = st.recv(65536)
    if not chunk:
        break
    part += chunk
st.finish()
print("range", len(part), bytes(part) == data[1000:6000])

st = c.newStream(0)
vol.upload(st, 0, 0, 0)
st.send(b"\xff" * 1000)
st.abort()
print("aborted upload")

try:
    pool.storageVolLookupByName("nosuch.img")
except libvirt.libvirtError as e:
    print("nosuch", e.get_error_code(), e.get_error_domain(), e.get_error_message())
c.close()

ro = libvirt.openReadOnly(uri)
rvol = ro.storagePoolLookupByName(pool_name).storageVolLookupByName(vol_name)
for what, call in (("upload", rvol.upload), ("download", rvol.download)):
    st = ro.newStream(0)
    try:
        call(st, 0, 0, 0)
        print(what, "read-only accepted")
    except libvirt.libvirtError as e:
        print(what, "read-only", e.get_error_code(), e.get_error_message())
ro.close()
