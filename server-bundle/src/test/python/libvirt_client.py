# libvirt-python (Debian's python3-libvirt) driving a URI: run against jvirt over the wire and
# against libvirt's own test driver, the two outputs must be the same (PythonClientOverTheWireTest).
import sys
import libvirt

uri, xml = sys.argv[1], open(sys.argv[2]).read()
libvirt.virEventRegisterDefaultImpl()
events = []


def lifecycle(conn, dom, event, detail, opaque):
    events.append((dom.name(), event, detail))


c = libvirt.open(uri)
print("type", c.getType(), "secure", c.isSecure(), "alive", c.isAlive())
print("node", c.getInfo())
print("domains", sorted((d.name(), d.ID(), d.isActive()) for d in c.listAllDomains()))
d = c.lookupByName("test")
print("test", d.UUIDString(), d.info()[0:4], d.state(), d.OSType(), d.autostart(), d.isPersistent())
print("same", c.lookupByUUIDString(d.UUIDString()).name(), c.lookupByID(d.ID()).name())
try:
    c.lookupByName("nosuch")
except libvirt.libvirtError as e:
    print("nosuch", e.get_error_code(), e.get_error_domain(), e.get_error_message())
cb = c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lifecycle, None)
nd = c.defineXML(xml)
print("defined", nd.name(), nd.isActive(), nd.isPersistent(), nd.ID())
nd.create()
print("started", nd.ID() > 0, nd.state())
nd.suspend()
nd.resume()
nd.destroy()
print("stopped", nd.ID(), nd.state())
nd.undefine()
print("after", sorted(x.name() for x in c.listAllDomains()))
try:
    d.create()
except libvirt.libvirtError as e:
    print("start running", e.get_error_code(), e.get_error_message())
# events arrive through the event loop: run it (a 50 ms timer bounds each turn) until all six came
timer = libvirt.virEventAddTimeout(50, lambda t, o: None, None)
for _ in range(200):
    if len(events) >= 6:
        break
    libvirt.virEventRunDefaultImpl()
libvirt.virEventRemoveTimeout(timer)
c.domainEventDeregisterAny(cb)
print("events", events)
c.close()
