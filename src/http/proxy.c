/* proxy.c — who the client really is behind a reverse proxy. Behind nginx every connection
 * comes from the proxy's address, so rate limits would count a whole province as one client.
 * The proxy says who it forwarded for in X-Forwarded-For, but anyone can send that header, so
 * it is believed only from the addresses the operator lists (MOTCUA_TRUSTED_PROXIES: IPv4 or
 * IPv6 addresses and CIDR ranges): the client is then the rightmost address in the header
 * that is not itself a trusted proxy — each proxy appends the address it saw, so entries to
 * the left of that one are whatever the client chose to send. A connection from any other
 * address keeps its socket address, whatever headers it sends. */
#include "http_internal.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define PROXIES_MAX 32

struct http_proxy_net {
    int family;
    unsigned char addr[16];
    int bits;
};

struct http_proxies {
    int n;
    struct http_proxy_net nets[PROXIES_MAX];
};

static int parse_addr(const char *s, int *family, unsigned char addr[16])
{
    if (inet_pton(AF_INET, s, addr) == 1) {
        *family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, s, addr) == 1) {
        *family = AF_INET6;
        return 0;
    }
    return -1;
}

static int parse_net(const char *item, struct http_proxy_net *out)
{
    char text[64];
    if (strlen(item) >= sizeof text)
        return -1;
    strcpy(text, item);
    char *slash = strchr(text, '/');
    if (slash)
        *slash++ = '\0';
    if (parse_addr(text, &out->family, out->addr) != 0)
        return -1;
    int max = out->family == AF_INET ? 32 : 128;
    char *end = NULL;
    long bits = slash ? strtol(slash, &end, 10) : max;
    if (slash && (end == slash || *end || bits < 0 || bits > max))
        return -1;
    out->bits = (int)bits;
    return 0;
}

int http_proxies_parse(const char *spec, struct http_proxies **out, struct err *e)
{
    *out = NULL;
    if (!spec || !*spec)
        return 0;
    struct http_proxies *p = calloc(1, sizeof *p);
    if (!p)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    char item[64];
    for (const char *s = spec; *s;) {
        size_t len = strcspn(s, ", ");
        if (len >= sizeof item || p->n == PROXIES_MAX) {
            free(p);
            return err_set(e, E_INVALID, "trusted_proxies", "too many or too long entries in %s",
                           spec);
        }
        memcpy(item, s, len);
        item[len] = '\0';
        if (len && parse_net(item, &p->nets[p->n++]) != 0) {
            free(p);
            return err_set(e, E_INVALID, "trusted_proxies", "not an address or CIDR range: \"%s\"",
                           item);
        }
        s += len;
        s += strspn(s, ", ");
    }
    *out = p;
    return 0;
}

void http_proxies_free(struct http_proxies *p)
{
    free(p);
}

/* An IPv4 address written as IPv6 (::ffff:a.b.c.d) is the IPv4 address. */
static void unmap(int *family, unsigned char addr[16])
{
    static const unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (*family == AF_INET6 && memcmp(addr, prefix, sizeof prefix) == 0) {
        memmove(addr, addr + 12, 4);
        *family = AF_INET;
    }
}

static int in_net(const struct http_proxy_net *n, int family, const unsigned char *addr)
{
    if (n->family != family)
        return 0;
    int full = n->bits / 8, rest = n->bits % 8;
    if (memcmp(n->addr, addr, (size_t)full) != 0)
        return 0;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return rest == 0 || (n->addr[full] & mask) == (addr[full] & mask);
}

static int trusted(const struct http_proxies *p, const char *ip)
{
    int family;
    unsigned char addr[16];
    if (parse_addr(ip, &family, addr) != 0)
        return 0;
    unmap(&family, addr);
    for (int i = 0; i < p->n; i++)
        if (in_net(&p->nets[i], family, addr))
            return 1;
    return 0;
}

/* The last comma-separated entry of list[0, *end), trimmed; *end moves before it. */
static const char *last_entry(struct arena *a, const char *list, size_t *end)
{
    size_t stop = *end, start = stop;
    while (start > 0 && list[start - 1] != ',')
        start--;
    *end = start > 0 ? start - 1 : 0;
    while (start < stop && (list[start] == ' ' || list[start] == '\t'))
        start++;
    while (stop > start && (list[stop - 1] == ' ' || list[stop - 1] == '\t'))
        stop--;
    char *out = arena_alloc(a, stop - start + 1);
    memcpy(out, list + start, stop - start);
    out[stop - start] = '\0';
    return out;
}

const char *http_proxies_client(struct arena *a, const struct http_proxies *p, const char *peer,
                                const char *forwarded_for)
{
    if (!p || !forwarded_for || !trusted(p, peer))
        return peer;
    const char *client = peer;
    size_t end = strlen(forwarded_for);
    while (end > 0) {
        const char *hop = last_entry(a, forwarded_for, &end);
        int family;
        unsigned char addr[16];
        if (parse_addr(hop, &family, addr) != 0)
            break; /* garbage: nothing to its left can be believed either */
        client = hop;
        if (!trusted(p, hop))
            break;
    }
    return client;
}
