"""The row runner of scenarios 6 and 7's libvirt-python scripts (rpc_bench.py, remote_client_bench.py):
a row is CLIENTS worker PROCESSES (multiprocessing's "spawn" context: fresh interpreters, no GIL
shared, no libvirt state inherited through fork), released together by a barrier, each running one
operation in a loop for the warm-up and then counting calls for the measured seconds. The harness
(io.jvirt.bench.RpcScenario.writeScript) writes this module beside the script that imports it.
"""
import json
import time


def timed(step, barrier, warmup, seconds):
    """Waits for the row's other workers, runs STEP for WARMUP seconds, then counts its calls for SECONDS:
    {"calls", "seconds", "cpu_s"}: the seconds actually taken, and this process's own CPU seconds
    (time.process_time: user + system, every thread of the process) over the counted loop, the client's
    cost of those calls whichever server answers them."""
    barrier.wait(120)
    end = time.monotonic() + warmup
    while time.monotonic() < end:
        step()
    calls = 0
    cpu = time.process_time()
    start = time.monotonic()
    end = start + seconds
    now = start
    while now < end:
        step()
        calls += 1
        now = time.monotonic()
    return {"calls": calls, "seconds": now - start, "cpu_s": time.process_time() - cpu}


def run_row(ctx, worker, uri, op, clients, domains, warmup, seconds):
    """One row: CLIENTS processes of WORKER(uri, op, domains, warmup, seconds, index, barrier, results),
    each putting one dict on results (timed()'s, plus any counts of its own, summed into the row).
    The row: {"op", "clients", "ops_per_s", "calls", "cpu_s", ...}; ops/s is the sum over the workers of calls / seconds;
    cpu_s (like any other count) the sum over the workers, so cpu_s / calls is the clients' CPU per call."""
    barrier = ctx.Barrier(clients)
    results = ctx.Queue()
    procs = [ctx.Process(target=worker, args=(uri, op, domains, warmup, seconds, k, barrier, results))
             for k in range(clients)]
    for p in procs:
        p.start()
    got = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(60)
        if p.exitcode != 0:
            raise RuntimeError("a %s worker ended with %s" % (op, p.exitcode))
    row = {"op": op, "clients": clients, "ops_per_s": sum(r["calls"] / r["seconds"] for r in got),
           "calls": sum(r["calls"] for r in got)}
    for key in got[0]:
        if key not in ("calls", "seconds"):
            row[key] = sum(r[key] for r in got)
    return row


def run_rows(ctx, worker, uri, clients, ops, domains, warmup, seconds):
    """Every row, concurrency by concurrency (CLIENTS: "1,8"), operation by operation (OPS: "open,list"),
    one JSON line each as it ends."""
    for n in [int(c) for c in clients.split(",")]:
        for op in ops.split(","):
            print(json.dumps(run_row(ctx, worker, uri, op, n, domains, warmup, seconds)), flush=True)
