/*
 * libvirt's side of scenarios 3 and 4 of docs/PERFORMANCE.md, on libvirt's public C API (a fairer
 * client than one virsh process per start). Built by bench/run.sh next to testdriver_bench.c; the
 * Java harness (LibvirtQemuBench) runs it against a private libvirtd and reads its output lines.
 *
 *   qemu_bench start URI XMLFILE WARMUP REPS
 *       defines the domain, then WARMUP + REPS times: virDomainCreate (timed), check it is running,
 *       virDomainDestroy; prints "start_ns N" per measured start; undefines it.
 *   qemu_bench concurrent URI XMLDIR K WARMUP ROUNDS
 *       defines XMLDIR/0.xml .. K-1.xml, opens one connection per guest (libvirtd serves at most
 *       max_client_requests = 5 calls of one connection at a time, as 20 virsh processes would not
 *       be limited), then per round starts all K from K threads at once and prints
 *       "concurrent_ns N": from the release of the threads until the last start returned; destroys
 *       them between rounds and undefines them at the end.
 *   qemu_bench ready URI PREFIX TOTAL RUNNING TIMEOUT_S
 *       polls (every 5 ms) until the daemon answers, lists exactly TOTAL domains named PREFIX*,
 *       RUNNING of them active, and every active one answers QMP query-status through the daemon
 *       (virDomainQemuMonitorCommand, which waits for libvirtd's reconnect job of that domain)
 *       with "running":true; prints "ready_at_ns N", N on CLOCK_MONOTONIC (the clock of Java's
 *       System.nanoTime on Linux, so the harness can subtract its own start instant).
 *
 * Every time is CLOCK_MONOTONIC. Exit status 0 on success, 1 on any failure (with a message on
 * stderr).
 */
#include <libvirt/libvirt.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/virterror.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void quiet(void *opaque, virErrorPtr err)
{
    (void) opaque;
    (void) err;
}

static void die(const char *what)
{
    virErrorPtr e = virGetLastError();
    fprintf(stderr, "qemu_bench: %s: %s\n", what, e && e->message ? e->message : "(no libvirt error)");
    exit(1);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc(n + 1);
    if (fread(buf, 1, n, f) != (size_t) n) {
        perror(path);
        exit(1);
    }
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void expect_running(virDomainPtr dom)
{
    int state, reason;
    if (virDomainGetState(dom, &state, &reason, 0) < 0) {
        die("virDomainGetState");
    }
    if (state != VIR_DOMAIN_RUNNING) {
        fprintf(stderr, "qemu_bench: %s is in state %d after its start, not running\n", virDomainGetName(dom), state);
        exit(1);
    }
}

static int cmd_start(const char *uri, const char *xmlfile, int warmup, int reps)
{
    virConnectPtr conn = virConnectOpen(uri);
    if (!conn) {
        die("virConnectOpen");
    }
    char *xml = read_file(xmlfile);
    virDomainPtr dom = virDomainDefineXML(conn, xml);
    if (!dom) {
        die("virDomainDefineXML");
    }
    for (int i = 0; i < warmup + reps; i++) {
        long long t0 = now_ns();
        if (virDomainCreate(dom) < 0) {
            die("virDomainCreate");
        }
        long long t1 = now_ns();
        expect_running(dom);
        if (i >= warmup) {
            printf("start_ns %lld\n", t1 - t0);
            fflush(stdout);
        }
        if (virDomainDestroy(dom) < 0) {
            die("virDomainDestroy");
        }
    }
    virDomainUndefine(dom);
    virDomainFree(dom);
    free(xml);
    virConnectClose(conn);
    return 0;
}

struct starter {
    virConnectPtr conn;
    virDomainPtr dom;
    pthread_barrier_t *go;
    long long done_ns;
    int failed;
};

static void *start_one(void *arg)
{
    struct starter *s = arg;
    pthread_barrier_wait(s->go);
    s->failed = virDomainCreate(s->dom) < 0;
    s->done_ns = now_ns();
    return NULL;
}

static int cmd_concurrent(const char *uri, const char *xmldir, int k, int warmup, int rounds)
{
    struct starter *s = calloc(k, sizeof(*s));
    pthread_t *threads = calloc(k, sizeof(*threads));
    pthread_barrier_t go;
    char path[4096];
    for (int i = 0; i < k; i++) {
        s[i].conn = virConnectOpen(uri);
        if (!s[i].conn) {
            die("virConnectOpen");
        }
        snprintf(path, sizeof(path), "%s/%d.xml", xmldir, i);
        char *xml = read_file(path);
        s[i].dom = virDomainDefineXML(s[i].conn, xml);
        free(xml);
        if (!s[i].dom) {
            die("virDomainDefineXML");
        }
        s[i].go = &go;
    }
    for (int r = 0; r < warmup + rounds; r++) {
        /* k starters and this thread: the clock starts when all are released */
        pthread_barrier_init(&go, NULL, k + 1);
        for (int i = 0; i < k; i++) {
            pthread_create(&threads[i], NULL, start_one, &s[i]);
        }
        pthread_barrier_wait(&go);
        long long t0 = now_ns();
        long long last = t0;
        for (int i = 0; i < k; i++) {
            pthread_join(threads[i], NULL);
            if (s[i].failed) {
                die("virDomainCreate (concurrent)");
            }
            if (s[i].done_ns > last) {
                last = s[i].done_ns;
            }
        }
        pthread_barrier_destroy(&go);
        for (int i = 0; i < k; i++) {
            expect_running(s[i].dom);
        }
        if (r >= warmup) {
            printf("concurrent_ns %lld\n", last - t0);
            fflush(stdout);
        }
        for (int i = 0; i < k; i++) {
            if (virDomainDestroy(s[i].dom) < 0) {
                die("virDomainDestroy");
            }
        }
    }
    for (int i = 0; i < k; i++) {
        virDomainUndefine(s[i].dom);
        virDomainFree(s[i].dom);
        virConnectClose(s[i].conn);
    }
    free(s);
    free(threads);
    return 0;
}

/* 1 when the daemon lists total PREFIX* domains, running of them active and answering QMP */
static int ready_once(const char *uri, const char *prefix, int total, int running)
{
    virConnectPtr conn = virConnectOpen(uri);
    if (!conn) {
        return 0;
    }
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, 0);
    int named = 0, active = 0, answering = 0;
    size_t plen = strlen(prefix);
    for (int i = 0; i < n; i++) {
        const char *name = virDomainGetName(doms[i]);
        if (name && strncmp(name, prefix, plen) == 0) {
            named++;
            if (virDomainIsActive(doms[i]) == 1) {
                active++;
            }
        }
    }
    if (named == total && active == running) {
        for (int i = 0; i < n; i++) {
            const char *name = virDomainGetName(doms[i]);
            if (!name || strncmp(name, prefix, plen) != 0 || virDomainIsActive(doms[i]) != 1) {
                continue;
            }
            char *reply = NULL;
            if (virDomainQemuMonitorCommand(doms[i], "{\"execute\":\"query-status\"}", &reply, 0) == 0
                && reply && strstr(reply, "\"running\":true")) {
                answering++;
            }
            free(reply);
        }
    }
    for (int i = 0; i < n; i++) {
        virDomainFree(doms[i]);
    }
    free(doms);
    virConnectClose(conn);
    return named == total && active == running && answering == running;
}

static int cmd_ready(const char *uri, const char *prefix, int total, int running, int timeout_s)
{
    long long deadline = now_ns() + (long long) timeout_s * 1000000000LL;
    while (now_ns() < deadline) {
        if (ready_once(uri, prefix, total, running)) {
            printf("ready_at_ns %lld\n", now_ns());
            return 0;
        }
        usleep(5000);
    }
    fprintf(stderr, "qemu_bench: %s did not list %d domains %s* with %d running within %d s\n",
            uri, total, prefix, running, timeout_s);
    return 1;
}

int main(int argc, char **argv)
{
    virSetErrorFunc(NULL, quiet);
    if (argc == 6 && strcmp(argv[1], "start") == 0) {
        return cmd_start(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]));
    }
    if (argc == 7 && strcmp(argv[1], "concurrent") == 0) {
        return cmd_concurrent(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]), atoi(argv[6]));
    }
    if (argc == 7 && strcmp(argv[1], "ready") == 0) {
        return cmd_ready(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]), atoi(argv[6]));
    }
    fprintf(stderr, "usage: qemu_bench start URI XMLFILE WARMUP REPS\n"
                    "       qemu_bench concurrent URI XMLDIR K WARMUP ROUNDS\n"
                    "       qemu_bench ready URI PREFIX TOTAL RUNNING TIMEOUT_S\n");
    return 2;
}
