# libvirt-python's network and storage pool events (ObjectEventsOverTheWireTest): run against jvirt
# over the wire and against libvirt's own test driver, the outputs must be the same.
import sys
import libvirt

uri = sys.argv[1]
libvirt.virEventRegisterDefaultImpl()
events = []


def net_cb(conn, net, event, detail, opaque):
    events.append(("net", net.name(), event, detail))


def pool_cb(conn, pool, event, detail, opaque):
    events.append(("pool", pool.name(), event, detail))


def refresh_cb(conn, pool, opaque):
    events.append(("refresh", pool.name()))


c = libvirt.open(uri)
net_id = c.networkEventRegisterAny(None, libvirt.VIR_NETWORK_EVENT_ID_LIFECYCLE, net_cb, None)
pool_id = c.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, pool_cb, None)
refresh_id = c.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_REFRESH, refresh_cb, None)
net = c.networkLookupByName("default")
net.destroy()
net.create()
n2 = c.networkDefineXML("<network><name>pynet</name><bridge name='virbr9'/></network>")
n2.undefine()
pool = c.storagePoolLookupByName("default-pool")
pool.refresh(0)
pool.destroy()
pool.create(0)
p2 = c.storagePoolDefineXML("<pool type='dir'><name>pypool</name><target><path>/nonexistent/pypool</path></target></pool>")
p2.undefine()
expected = 9
timer = libvirt.virEventAddTimeout(50, lambda t, o: None, None)
for _ in range(200):
    if len(events) >= expected:
        break
    libvirt.virEventRunDefaultImpl()
c.networkEventDeregisterAny(net_id)
c.storagePoolEventDeregisterAny(pool_id)
c.storagePoolEventDeregisterAny(refresh_id)
# after deregistering, nothing more arrives
net.destroy()
net.create()
for _ in range(5):
    libvirt.virEventRunDefaultImpl()
libvirt.virEventRemoveTimeout(timer)
for e in events:
    print(e)
c.close()
