/*
 * Scenario 1, libvirt's side: the test driver's operations per second through libvirt's C API,
 * in-process on test:///default (no daemon), for comparison with io.jvirt.bench.TestDriverScenario.
 *
 *   testdriver_bench N LIST_REPEATS WARMUP_ROUNDS MEASURED_ROUNDS
 *
 * Each round defines N domains, then times every phase over all of them, and undefines them
 * again. Warm-up rounds are not counted; for the measured rounds it prints one
 * "phase ops_per_s" line per phase, the median over those rounds (a shared machine has outliers;
 * the Java side reports the same statistic). The domain XML is the same template as the
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

#define PHASES 8
static const char *phase_names[PHASES] = {
    "define", "listAll", "lookupByName", "dumpxml", "create", "getInfo", "destroy", "undefine"
};

/* ops/s of every phase (in phase_names order) of the current round */
static double round_ops[PHASES];

static void report(const char *phase, int ops, double seconds)
{
    for (int p = 0; p < PHASES; p++)
        if (strcmp(phase_names[p], phase) == 0)
            round_ops[p] = ops / seconds;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void round_trip(virConnectPtr conn, int n, int list_repeats)
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
    report("define", n, now() - t);

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
    report("listAll", list_repeats, now() - t);

    t = now();
    for (i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "bench-%d", i);
        virDomainPtr d = virDomainLookupByName(conn, name);
        if (!d)
            die("lookupByName", i);
        virDomainFree(d);
    }
    report("lookupByName", n, now() - t);

    t = now();
    for (i = 0; i < n; i++) {
        char *desc = virDomainGetXMLDesc(doms[i], 0);
        if (!desc)
            die("dumpxml", i);
        free(desc);
    }
    report("dumpxml", n, now() - t);

    t = now();
    for (i = 0; i < n; i++)
        if (virDomainCreate(doms[i]) < 0)
            die("create", i);
    report("create", n, now() - t);

    t = now();
    for (i = 0; i < n; i++) {
        virDomainInfo info;
        if (virDomainGetInfo(doms[i], &info) < 0)
            die("getInfo", i);
    }
    report("getInfo", n, now() - t);

    t = now();
    for (i = 0; i < n; i++)
        if (virDomainDestroy(doms[i]) < 0)
            die("destroy", i);
    report("destroy", n, now() - t);

    t = now();
    for (i = 0; i < n; i++)
        if (virDomainUndefine(doms[i]) < 0)
            die("undefine", i);
    report("undefine", n, now() - t);

    for (i = 0; i < n; i++)
        virDomainFree(doms[i]);
    free(doms);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s N LIST_REPEATS WARMUP_ROUNDS MEASURED_ROUNDS\n", argv[0]);
        return 2;
    }
    int n = atoi(argv[1]), list_repeats = atoi(argv[2]);
    int warmup = atoi(argv[3]), measured = atoi(argv[4]);
    if (n < 1 || list_repeats < 1 || warmup < 0 || measured < 1) {
        fprintf(stderr, "N, LIST_REPEATS and MEASURED_ROUNDS must be positive\n");
        return 2;
    }
    double (*samples)[PHASES] = calloc(measured, sizeof(*samples));
    virConnectPtr conn = virConnectOpen("test:///default");
    if (!conn)
        die("virConnectOpen", 0);
    for (int r = 0; r < warmup + measured; r++) {
        round_trip(conn, n, list_repeats);
        if (r >= warmup)
            memcpy(samples[r - warmup], round_ops, sizeof(round_ops));
    }
    virConnectClose(conn);
    for (int p = 0; p < PHASES; p++) {
        double v[measured];
        for (int r = 0; r < measured; r++)
            v[r] = samples[r][p];
        qsort(v, measured, sizeof(double), cmp_double);
        double median = measured % 2 ? v[measured / 2] : (v[measured / 2 - 1] + v[measured / 2]) / 2;
        printf("%s %.1f\n", phase_names[p], median);
    }
    free(samples);
    return 0;
}
