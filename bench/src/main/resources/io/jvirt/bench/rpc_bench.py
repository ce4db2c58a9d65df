#!/usr/bin/python3
"""Scenario 6 of docs/PERFORMANCE.md: one libvirt-python script, run unchanged against libvirtd's
test driver, jvirt's server and the floor server (io.jvirt.bench.RpcScenario starts them and runs this).

  rpc_bench.py URI [URI ...] --domains N --warmup S --seconds S --clients 1,20 [--ops open,list,...] [--rounds R]
      Defines bench-0 .. bench-(N-1) on each URI through a connection this process keeps open for the
      whole run (libvirt frees test:///default's state with its last connection). Then for each
      concurrency and each operation, R rounds, each round running the row against every URI in
      turn (the order rotated by one each round): the servers are compared within seconds of each
      other, so that a machine whose speed drifts (a shared host) moves them together. A row starts
      that many worker PROCESSES (multiprocessing's "spawn" context: fresh interpreters, no GIL
      shared, no libvirt state inherited through fork), each with its own connection, released
      together by a barrier; each runs the operation in a loop for the warm-up, then counts calls for
      the measured seconds (bench_rows.py's runner, shared with remote_client_bench.py). Prints one
      JSON line per row and server: {"op", "clients", "ops_per_s", "calls", "cpu_s", "server", "round"};
      ops/s is the sum over the workers of calls / seconds, cpu_s the sum over the workers of their
      own CPU seconds (time.process_time) over the counted loops, server the URI's index.
  rpc_bench.py URI --idle N
      Opens N connections and keeps them idle; prints "OPEN N" once all are open, closes them when
      stdin ends.
"""
import argparse
import json
import multiprocessing
import sys
import time

import libvirt

from bench_rows import run_row, timed

OPS = ["open", "list", "lookup", "dumpxml", "define", "info"]
# domains a worker keeps handles on for dumpxml and info (looked up before the barrier)
HANDLES = 50


def domain_xml(name):
    # scenario 1's document (TestDriverScenario.domainXml) without the UUID, which the driver makes
    return ("<domain type='test'><name>%s</name><memory unit='KiB'>8192</memory><vcpu>1</vcpu>"
            "<os><type>hvm</type></os></domain>" % name)


def quiet(_ctx, _err):
    # libvirt prints every error on stderr by default; the harness reads only this script's JSON
    pass


def worker(uri, op, domains, warmup, seconds, index, barrier, results):
    libvirt.registerErrorHandler(quiet, None)
    conn = None if op == "open" else libvirt.open(uri)
    names = ["bench-%d" % i for i in range(domains)]
    first = (index * 37) % domains
    handles = []
    if op in ("dumpxml", "info"):
        handles = [conn.lookupByName(names[(first + k) % domains]) for k in range(min(HANDLES, domains))]

    i = 0

    def step():
        nonlocal i
        i += 1
        if op == "open":
            libvirt.open(uri).close()
        elif op == "list":
            conn.listAllDomains(0)
        elif op == "lookup":
            conn.lookupByName(names[(first + i) % domains])
        elif op == "dumpxml":
            handles[i % len(handles)].XMLDesc(0)
        elif op == "define":
            conn.defineXML(domain_xml("rpcb-%d-%d" % (index, i))).undefine()
        elif op == "info":
            handles[i % len(handles)].info()

    results.put(timed(step, barrier, warmup, seconds))
    if conn is not None:
        conn.close()


def prepare(conn, domains):
    have = {d.name() for d in conn.listAllDomains(0)}
    for i in range(domains):
        name = "bench-%d" % i
        if name not in have:
            conn.defineXML(domain_xml(name))
    listed = sum(1 for d in conn.listAllDomains(0) if d.name().startswith("bench-"))
    if listed != domains:
        raise RuntimeError("%d bench domains listed, %d wanted" % (listed, domains))


def open_when_ready(uri, timeout=120):
    """The first connection: the distribution makes its socket before every driver is registered
    ("no connection driver available for test:///default" in the meantime), so retried, bounded."""
    end = time.monotonic() + timeout
    while True:
        try:
            return libvirt.open(uri)
        except libvirt.libvirtError:
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


def idle(uri, n):
    conns = [libvirt.open(uri) for _ in range(n)]
    print("OPEN %d" % len(conns), flush=True)
    sys.stdin.read()
    for c in conns:
        c.close()


def main():
    a = argparse.ArgumentParser()
    a.add_argument("uris", nargs="+")
    a.add_argument("--domains", type=int, default=1000)
    a.add_argument("--warmup", type=float, default=1.0)
    a.add_argument("--seconds", type=float, default=3.0)
    a.add_argument("--clients", default="1,20")
    a.add_argument("--ops", default=",".join(OPS))
    a.add_argument("--rounds", type=int, default=1)
    a.add_argument("--idle", type=int, default=0)
    args = a.parse_args()
    libvirt.registerErrorHandler(quiet, None)
    if args.idle:
        idle(args.uris[0], args.idle)
        return
    holders = []
    for uri in args.uris:
        holder = open_when_ready(uri)
        prepare(holder, args.domains)
        holders.append(holder)
    ctx = multiprocessing.get_context("spawn")
    for n in [int(c) for c in args.clients.split(",")]:
        for op in args.ops.split(","):
            for r in range(args.rounds):
                for k in range(len(args.uris)):
                    server = (k + r) % len(args.uris)
                    row = run_row(ctx, worker, args.uris[server], op, n, args.domains, args.warmup, args.seconds)
                    row["server"] = server
                    row["round"] = r
                    print(json.dumps(row), flush=True)
    for holder in holders:
        holder.close()


if __name__ == "__main__":
    main()
