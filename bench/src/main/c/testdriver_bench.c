/*
 * Scenario 1, libvirt's side: the test driver's operations per second through libvirt's C API,
 * in-process on test:///default (no daemon), for comparison with io.jvirt.bench.TestDriverScenario.
 *
 *   testdriver_bench N LIST_REPEATS ROUNDS
 *
 * Each round defines N domains, then times every phase over all of them. The first ROUNDS-1 rounds
 * only warm up (as the Java side does, so both sides are measured on the same pass); the last
 * round prints one "phase ops_per_s" line per phase. The domain XML is the same template as the
 * Java side's (TestDriverScenario.domainXml), with a unique name and UUID per index.
 *
 * Written for jvirt's benchmark; uses only libvirt's public API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, int i)
{
    virErrorPtr err = virGetLastError();
    fprintf(stderr, "%s failed at %d: %s\n", what, i, err && err->message ? err->message : "?");
    exit(1);
}

/* Must stay byte-for-byte the template of TestDriverScenario.domainXml. */
static void domain_xml(char *buf, size_t len, int i)
{
    snprintf(buf, len,
             "<domain type='test'><name>bench-%d</name>"
             "<uuid>6a1e0000-0000-4000-8000-%012d</uuid>"
             "<memory unit='KiB'>8192</memory><vcpu>1</vcpu>"
             "<os><type>hvm</type></os></domain>", i, i);
}

static void report(int print, const char *phase, int ops, double seconds)
{
    if (print)
        printf("%s %.1f\n", phase, ops / seconds);
}

static void round_trip(virConnectPtr conn, int n, int list_repeats, int print)
{
    virDomainPtr *doms = calloc(n, sizeof(*doms));
    char xml[512], name[64];
    double t;
    int i;

    t = now();
    for (i = 0; i < n; i++) {
        domain_xml(xml, sizeof(xml), i);
        if (!(doms[i] = virDomainDefineXML(conn, xml)))
            die("define", i);
    }
    report(print, "define", n, now() - t);

    t = now();
    for (i = 0; i < list_repeats; i++) {
        virDomainPtr *all = NULL;
        int count = virConnectListAllDomains(conn, &all, 0);
        if (count < n)
            die("listAllDomains", i);
        for (int j = 0; j < count; j++)
            virDomainFree(all[j]);
        free(all);
    }
    report(print, "listAll", list_repeats, now() - t);

    t = now();
    for (i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "bench-%d", i);
        virDomainPtr d = virDomainLookupByName(conn, name);
        if (!d)
            die("lookupByName", i);
        virDomainFree(d);
    }
    report(print, "lookupByName", n, now() - t);

    t = now();
    for (i = 0; i < n; i++) {
        char *desc = virDomainGetXMLDesc(doms[i], 0);
        if (!desc)
            die("dumpxml", i);
        free(desc);
    }
    report(print, "dumpxml", n, now() - t);

    t = now();
    for (i = 0; i < n; i++)
        if (virDomainCreate(doms[i]) < 0)
            die("create", i);
    report(print, "create", n, now() - t);

    t = now();
    for (i = 0; i < n; i++) {
        virDomainInfo info;
        if (virDomainGetInfo(doms[i], &info) < 0)
            die("getInfo", i);
    }
    report(print, "getInfo", n, now() - t);

    t = now();
    for (i = 0; i < n; i++)
        if (virDomainDestroy(doms[i]) < 0)
            die("destroy", i);
    report(print, "destroy", n, now() - t);

    t = now();
    for (i = 0; i < n; i++)
        if (virDomainUndefine(doms[i]) < 0)
            die("undefine", i);
    report(print, "undefine", n, now() - t);

    for (i = 0; i < n; i++)
        virDomainFree(doms[i]);
    free(doms);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s N LIST_REPEATS ROUNDS\n", argv[0]);
        return 2;
    }
    int n = atoi(argv[1]), list_repeats = atoi(argv[2]), rounds = atoi(argv[3]);
    virConnectPtr conn = virConnectOpen("test:///default");
    if (!conn)
        die("virConnectOpen", 0);
    for (int r = 1; r <= rounds; r++)
        round_trip(conn, n, list_repeats, r == rounds);
    virConnectClose(conn);
    return 0;
}
