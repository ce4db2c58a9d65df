#!/usr/bin/python3
"""Scenario 7 of docs/PERFORMANCE.md, libvirt's side: libvirt's own remote driver (libvirt.so's
client, through Debian's python3-libvirt 9.0) against a libvirtd; io.jvirt.bench.RemoteClientScenario
runs jvirt's driver-remote against the same daemon with the same operations.

  remote_client_bench.py URI --domains N --warmup S --seconds S --clients 1,8 [--ops open,list,...]
      bench-0 .. bench-(N-1) must be defined on URI already (the harness's connection defines them
      and holds test:///default). For each concurrency and each operation, that many worker
      PROCESSES (multiprocessing's "spawn" context: fresh interpreters, no GIL shared), each with
      libvirt's default event loop registered and run by a thread of its own, a connection with
      keepalive on (virConnectSetKeepAlive(5, 6), virsh's) and a domain lifecycle callback
      registered (virConnectDomainEventRegisterAny), released together by a barrier; each runs the
      operation for the warm-up, then counts calls for the measured seconds (bench_rows.py's runner,
      shared with rpc_bench.py). One JSON line per row:
      {"op", "clients", "ops_per_s", "calls", "events"}.
  remote_client_bench.py URI --domains N --count K --ops OP
      One connection set up as above, then OP K times, in this process: the harness counts the
      calls that reach the daemon (CallCountingRelay) for two values of K, and so the calls per OP.
"""
import argparse
import multiprocessing
import threading

import libvirt

from bench_rows import run_rows, timed

OPS = ["open", "list", "lookup", "dumpxml", "define", "info"]
HANDLES = 50


def domain_xml(name):
    # RemoteClientScenario.domainXml without the UUID (the driver makes one)
    return ("<domain type='test'><name>%s</name><memory unit='KiB'>8192</memory><vcpu>1</vcpu>"
            "<os><type>hvm</type></os></domain>" % name)


def quiet(_ctx, _err):
    pass


def event_loop():
    while True:
        libvirt.virEventRunDefaultImpl()


def connect(uri, counter):
    """A connection as virsh makes one: keepalive on, plus a lifecycle callback counting events."""
    conn = libvirt.open(uri)
    conn.setKeepAlive(5, 6)

    def lifecycle(_conn, _dom, _event, _detail, _opaque):
        counter[0] += 1

    conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lifecycle, None)
    return conn


def stepper(uri, op, conn, names, first, handles, prefix):
    """One call of OP per call of the result (the same for the measured rows and the counted ones)."""
    i = 0

    def step():
        nonlocal i
        i += 1
        if op == "open":
            c = libvirt.open(uri)
            c.setKeepAlive(5, 6)
            c.close()
        elif op == "list":
            # what virsh list needs of each domain: id and name (carried by the listing), state (a call)
            for d in conn.listAllDomains(0):
                d.ID()
                d.name()
                d.state()
        elif op == "lookup":
            conn.lookupByName(names[(first + i) % len(names)])
        elif op == "dumpxml":
            handles[i % len(handles)].XMLDesc(0)
        elif op == "define":
            conn.defineXML(domain_xml("%s%d" % (prefix, i))).undefine()
        elif op == "info":
            handles[i % len(handles)].info()

    return step


def worker(uri, op, domains, warmup, seconds, index, barrier, results):
    libvirt.registerErrorHandler(quiet, None)
    libvirt.virEventRegisterDefaultImpl()
    threading.Thread(target=event_loop, daemon=True).start()
    events = [0]
    # the open row opens and closes its own connections; this one carries its callback meanwhile
    conn = connect(uri, events)
    names = ["bench-%d" % i for i in range(domains)]
    first = (index * 37) % domains
    handles = []
    if op in ("dumpxml", "info"):
        handles = [conn.lookupByName(names[(first + k) % domains]) for k in range(min(HANDLES, domains))]
    step = stepper(uri, op, conn, names, first, handles, "rcb-%d-" % index)
    row = timed(step, barrier, warmup, seconds)
    row["events"] = events[0]
    results.put(row)
    conn.close()


def count_calls(uri, op, domains, k):
    libvirt.virEventRegisterDefaultImpl()
    threading.Thread(target=event_loop, daemon=True).start()
    conn = connect(uri, [0])
    names = ["bench-%d" % i for i in range(domains)]
    handles = [conn.lookupByName(names[j % domains]) for j in range(min(HANDLES, domains))]
    step = stepper(uri, op, conn, names, 0, handles, "rcc-")
    for _ in range(k):
        step()
    conn.close()


def main():
    a = argparse.ArgumentParser()
    a.add_argument("uri")
    a.add_argument("--domains", type=int, default=100)
    a.add_argument("--warmup", type=float, default=1.0)
    a.add_argument("--seconds", type=float, default=3.0)
    a.add_argument("--clients", default="1,8")
    a.add_argument("--ops", default=",".join(OPS))
    a.add_argument("--count", type=int, default=0)
    args = a.parse_args()
    libvirt.registerErrorHandler(quiet, None)
    if args.count:
        count_calls(args.uri, args.ops, args.domains, args.count)
        return
    check = libvirt.open(args.uri)
    listed = sum(1 for d in check.listAllDomains(0) if d.name().startswith("bench-"))
    check.close()
    if listed != args.domains:
        raise RuntimeError("%d bench domains listed, %d wanted" % (listed, args.domains))
    run_rows(multiprocessing.get_context("spawn"), worker, args.uri, args.clients, args.ops, args.domains, args.warmup,
             args.seconds)


if __name__ == "__main__":
    main()
