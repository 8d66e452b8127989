/* packets: header helpers.  See packets.h. */
#include <config.h>
#include "packets.h"

#include "dynamic-string.h"

const struct eth_addr eth_addr_zero = ETH_ADDR_C(00, 00, 00, 00, 00, 00);
const struct eth_addr eth_addr_broadcast = ETH_ADDR_C(ff, ff, ff, ff, ff, ff);


bool
eth_addr_from_string(const char *s, struct eth_addr *ea)
{
    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        int hi = hexit_value((unsigned char) *s);
        if (hi < 0) {
            goto error;
        }
        s++;

        int lo = hexit_value((unsigned char) *s);
        if (lo >= 0) {
            ea->ea[i] = hi * 16 + lo;
            s++;
        } else {
            ea->ea[i] = hi;
        }

        if (i < ETH_ADDR_LEN - 1) {
            if (*s != ':') {
                goto error;
            }
            s++;
        }
    }
    if (*s == '\0') {
        return true;
    }

error:
    *ea = eth_addr_zero;
    return false;
}

void
eth_addr_format(struct ds *ds, struct eth_addr ea)
{
    ds_put_format(ds, ETH_ADDR_FMT, ETH_ADDR_ARGS(ea));
}

void
ip_format(struct ds *ds, be32 ip)
{
    ds_put_format(ds, IP_FMT, IP_ARGS(ip));
}

void
ipv6_format_addr(struct ds *ds, const struct in6_addr *addr)
{
    char buf[INET6_ADDRSTRLEN];

    /* inet_ntop() cannot fail for AF_INET6 with a big enough buffer. */
    ds_put_cstr(ds, inet_ntop(AF_INET6, addr, buf, sizeof buf));
}

void
tcp_flags_format(struct ds *ds, uint16_t flags)
{
    static const struct {
        uint16_t bit;
        const char *name;
    } names[] = {
        { TCP_FIN, "fin" }, { TCP_SYN, "syn" }, { TCP_RST, "rst" },
        { TCP_PSH, "psh" }, { TCP_ACK, "ack" }, { TCP_URG, "urg" },
        { TCP_ECE, "ece" }, { TCP_CWR, "cwr" }, { TCP_NS, "ns" },
    };
    size_t start = ds->length;

    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (flags & names[i].bit) {
            if (ds->length > start) {
                ds_put_char(ds, '|');
            }
            ds_put_cstr(ds, names[i].name);
            flags &= ~names[i].bit;
        }
    }
    for (int bit = 0; bit < 16; bit++) {
        if (flags & (1u << bit)) {
            if (ds->length > start) {
                ds_put_char(ds, '|');
            }
            ds_put_format(ds, "0x%x", 1u << bit);
        }
    }
    if (ds->length == start) {
        ds_put_cstr(ds, "none");
    }
}
