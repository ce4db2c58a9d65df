/*
 * The floor of scenario 6 (docs/PERFORMANCE.md): the least any libvirt RPC server can cost a
 * client on this machine. One thread, poll() over a UNIX socket and its clients, blocking on
 * nothing else; every call is answered at once, in the thread that read it, from a fixed table of
 * the few procedures rpc_bench.py's lookup, dumpxml and info rows use (and the open and define
 * calls before them). It keeps no domains: a lookup answers the name it was asked, info and
 * dumpxml fixed values of the same size as the test driver's. Not a server: a measuring stick.
 *
 *   rpc_floor SOCKET_PATH      serves until killed; unknown procedures get NO_SUPPORT
 *
 * Built by bench/run.sh with the machine's gcc (-O2); RpcScenario.floor runs it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_CLIENTS 1024
#define MAX_FRAME (256 * 1024)

struct client {
    int fd;
    size_t have;
    unsigned char buf[MAX_FRAME];
};

static struct client *clients[MAX_CLIENTS];
/* defines of bench-N names seen: CONNECT_LIST_ALL_DOMAINS lists bench-0 .. bench-(N-1), which is
 * what rpc_bench.py checks after its defines */
static unsigned benchDefines;

static const char *XML =
    "<domain type='test' id='1'>\n  <name>bench-0</name>\n  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>\n"
    "  <memory unit='KiB'>8192</memory>\n  <currentMemory unit='KiB'>8192</currentMemory>\n"
    "  <vcpu placement='static'>1</vcpu>\n  <os>\n    <type arch='i686'>hvm</type>\n    <boot dev='hd'/>\n  </os>\n"
    "  <clock offset='utc'/>\n  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n"
    "  <on_crash>destroy</on_crash>\n  <devices>\n  </devices>\n</domain>\n";

static void put32(unsigned char **p, uint32_t v) {
    (*p)[0] = v >> 24; (*p)[1] = v >> 16; (*p)[2] = v >> 8; (*p)[3] = v;
    *p += 4;
}

static void put64(unsigned char **p, uint64_t v) {
    put32(p, (uint32_t) (v >> 32));
    put32(p, (uint32_t) v);
}

static uint32_t get32(const unsigned char *p) {
    return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

static void putstr(unsigned char **p, const char *s, uint32_t n) {
    put32(p, n);
    memcpy(*p, s, n);
    *p += n;
    while (n % 4) {
        *(*p)++ = 0;
        n++;
    }
}

/* remote_nonnull_domain: name, uuid[16] (from the name), id -1 */
static void putdom(unsigned char **p, const char *name, uint32_t n) {
    putstr(p, name, n);
    for (int i = 0; i < 16; i++) {
        *(*p)++ = (unsigned char) (i < (int) n ? name[i] : i);
    }
    put32(p, (uint32_t) -1);
}

/* Answers one whole call frame (header at buf + 4); returns the reply's length in out. */
static size_t answer(const unsigned char *frame, size_t len, unsigned char *out) {
    unsigned char *p = out + 4;
    const unsigned char *args = frame + 28;
    int32_t proc = (int32_t) get32(frame + 12);
    memcpy(p, frame + 4, 24);   /* prog, vers, proc, type, serial, status */
    unsigned char *type = p + 12;
    put32(&type, 1);            /* REPLY */
    unsigned char *status = p + 20;
    p += 24;
    switch (proc) {
    case 66: /* AUTH_LIST: [REMOTE_AUTH_NONE] */
        put32(&p, 1);
        put32(&p, 0);
        break;
    case 60: /* CONNECT_SUPPORTS_FEATURE: no feature (no keepalive, no close callback) */
        put32(&p, 0);
        break;
    case 1:  /* CONNECT_OPEN */
    case 2:  /* CONNECT_CLOSE */
    case 35: /* DOMAIN_UNDEFINE */
        break;
    case 23: { /* DOMAIN_LOOKUP_BY_NAME { name } -> { dom } */
        uint32_t n = len >= 32 ? get32(args) : 0;
        if (n > len - 32) {
            n = 0;
        }
        putdom(&p, (const char *) args + 4, n);
        break;
    }
    case 11: { /* DOMAIN_DEFINE_XML { xml } -> { dom }: the name between <name> and </name> */
        uint32_t n = len >= 32 ? get32(args) : 0;
        const char *x = (const char *) args + 4;
        const char *a = n <= len - 32 ? memmem(x, n, "<name>", 6) : NULL;
        const char *b = a ? memmem(a, n - (a - x), "</name>", 7) : NULL;
        if (a && b) {
            putdom(&p, a + 6, (uint32_t) (b - a - 6));
            /* each listed domain takes at most 48 bytes of a reply */
            if (b - a - 6 > 6 && memcmp(a + 6, "bench-", 6) == 0 && benchDefines < (MAX_FRAME - 64) / 48) {
                benchDefines++;
            }
        } else {
            putdom(&p, "x", 1);
        }
        break;
    }
    case 273: { /* CONNECT_LIST_ALL_DOMAINS { need_results, flags } -> { doms<>, ret } */
        char name[32];
        put32(&p, benchDefines);
        for (unsigned i = 0; i < benchDefines; i++) {
            putdom(&p, name, (uint32_t) snprintf(name, sizeof name, "bench-%u", i));
        }
        put32(&p, benchDefines);
        break;
    }
    case 14: /* DOMAIN_GET_XML_DESC { dom, flags } -> { xml } */
        putstr(&p, XML, (uint32_t) strlen(XML));
        break;
    case 16: /* DOMAIN_GET_INFO { dom } -> { state, maxMem, memory, nrVirtCpu, cpuTime } */
        put32(&p, 5);
        put64(&p, 8192);
        put64(&p, 8192);
        put32(&p, 1);
        put64(&p, 0);
        break;
    default: /* NO_SUPPORT (3), VIR_FROM_RPC (7), message, level 2, the rest null or 0 */
        put32(&status, 1);
        put32(&p, 3);
        put32(&p, 7);
        put32(&p, 1);
        putstr(&p, "this operation is not supported", 31);
        put32(&p, 2);
        for (int i = 0; i < 4; i++) {
            put32(&p, 0);
        }
        put32(&p, 0);
        put32(&p, 0);
        put32(&p, 0);
        break;
    }
    size_t total = (size_t) (p - out);
    unsigned char *q = out;
    put32(&q, (uint32_t) total);
    return total;
}

static int serve(struct client *c) {
    static unsigned char out[MAX_FRAME];
    ssize_t r = read(c->fd, c->buf + c->have, sizeof c->buf - c->have);
    if (r <= 0) {
        return -1;
    }
    c->have += (size_t) r;
    size_t off = 0;
    while (c->have - off >= 4) {
        uint32_t len = get32(c->buf + off);
        if (len < 28 || len > MAX_FRAME) {
            return -1;
        }
        if (c->have - off < len) {
            break;
        }
        size_t n = answer(c->buf + off, len, out);
        if (write(c->fd, out, n) != (ssize_t) n) {
            return -1;
        }
        off += len;
    }
    memmove(c->buf, c->buf + off, c->have - off);
    c->have -= off;
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: rpc_floor SOCKET_PATH\n");
        return 2;
    }
    int ls = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    strncpy(sa.sun_path, argv[1], sizeof sa.sun_path - 1);
    unlink(argv[1]);
    if (bind(ls, (struct sockaddr *) &sa, sizeof sa) < 0 || listen(ls, 128) < 0) {
        perror("rpc_floor: listen");
        return 1;
    }
    printf("LISTENING %s\n", argv[1]);
    fflush(stdout);
    for (;;) {
        struct pollfd fds[MAX_CLIENTS + 1];
        int idx[MAX_CLIENTS + 1];
        int n = 0;
        fds[n].fd = ls;
        fds[n].events = POLLIN;
        idx[n++] = -1;
        for (int i = 0; i < MAX_CLIENTS; i++) {
            if (clients[i]) {
                fds[n].fd = clients[i]->fd;
                fds[n].events = POLLIN;
                idx[n++] = i;
            }
        }
        if (poll(fds, (nfds_t) n, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return 1;
        }
        for (int k = 1; k < n; k++) {
            if (fds[k].revents) {
                struct client *c = clients[idx[k]];
                if (serve(c) < 0) {
                    close(c->fd);
                    free(c);
                    clients[idx[k]] = NULL;
                }
            }
        }
        if (fds[0].revents & POLLIN) {
            int fd = accept(ls, NULL, NULL);
            int slot = -1;
            for (int i = 0; i < MAX_CLIENTS && slot < 0; i++) {
                if (!clients[i]) {
                    slot = i;
                }
            }
            if (fd >= 0 && slot >= 0) {
                clients[slot] = calloc(1, sizeof(struct client));
                clients[slot]->fd = fd;
            } else if (fd >= 0) {
                close(fd);
            }
        }
    }
}
