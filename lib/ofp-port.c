/* ofp-port: OpenFlow ports, port-status, port-mod, port statistics.  See
 * ofp-port.h. */
#include <config.h>
#include "ofp-port.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "util.h"

/* Wire formats.  Packed, so that they may be read where a buffer has them,
 * at any alignment. */

/* OpenFlow 1.0 ofp_phy_port. */
struct port10_wire {
    be16 port_no;
    struct eth_addr hw_addr;
    char name[16];
    be32 config;
    be32 state;
    be32 curr;
    be32 advertised;
    be32 supported;
    be32 peer;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct port10_wire) == 48);

/* OpenFlow 1.1 to 1.3 ofp_port. */
struct port11_wire {
    be32 port_no;
    uint8_t pad[4];
    struct eth_addr hw_addr;
    uint8_t pad2[2];
    char name[16];
    be32 config;
    be32 state;
    be32 curr;
    be32 advertised;
    be32 supported;
    be32 peer;
    be32 curr_speed;
    be32 max_speed;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct port11_wire) == 64);

/* OpenFlow 1.4 and 1.5 ofp_port, followed by properties. */
struct port14_wire {
    be32 port_no;
    be16 length;
    uint8_t pad[2];
    struct eth_addr hw_addr;
    uint8_t pad2[2];
    char name[16];
    be32 config;
    be32 state;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct port14_wire) == 40);

/* OFPPDPT_ETHERNET property of an OpenFlow 1.4 port, after its type and
 * length. */
#define PORT14_PROP_ETHERNET 0
struct port14_ethernet_wire {
    uint8_t pad[4];
    be32 curr;
    be32 advertised;
    be32 supported;
    be32 peer;
    be32 curr_speed;
    be32 max_speed;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct port14_ethernet_wire) == 28);

/* Port-status body. */
struct port_status_wire {
    uint8_t reason;
    uint8_t pad[7];
} SLUICE_PACKED;

/* OpenFlow 1.0 port-mod. */
struct port_mod10_wire {
    be16 port_no;
    struct eth_addr hw_addr;
    be32 config;
    be32 mask;
    be32 advertise;
    uint8_t pad[4];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct port_mod10_wire) == 24);

/* OpenFlow 1.1 to 1.3 port-mod; 1.4+ stops after 'mask' and puts
 * 'advertise' in a property. */
struct port_mod11_wire {
    be32 port_no;
    uint8_t pad[4];
    struct eth_addr hw_addr;
    uint8_t pad2[2];
    be32 config;
    be32 mask;
    be32 advertise;
    uint8_t pad3[4];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct port_mod11_wire) == 32);
#define PORT_MOD14_SIZE 24
#define PORT_MOD14_PROP_ETHERNET 0

/* Port stats: OpenFlow 1.0 request and reply element. */
struct port_stats_request10_wire {
    be16 port_no;
    uint8_t pad[6];
} SLUICE_PACKED;

struct port_stats_request11_wire {
    be32 port_no;
    uint8_t pad[4];
} SLUICE_PACKED;

/* The counters common to 1.0 to 1.3, after the port number and padding;
 * 1.3 appends the duration. */
struct port_counters_wire {
    be64 rx_packets, tx_packets, rx_bytes, tx_bytes;
    be64 rx_dropped, tx_dropped, rx_errors, tx_errors;
    be64 rx_frame_err, rx_over_err, rx_crc_err, collisions;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct port_counters_wire) == 96);

struct port_stats14_wire {
    be16 length;
    uint8_t pad[2];
    be32 port_no;
    be32 duration_sec;
    be32 duration_nsec;
    be64 rx_packets, tx_packets, rx_bytes, tx_bytes;
    be64 rx_dropped, tx_dropped, rx_errors, tx_errors;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct port_stats14_wire) == 80);

#define PORT_STATS14_PROP_ETHERNET 0
struct port_stats14_ethernet_wire {
    uint8_t pad[4];
    be64 rx_frame_err, rx_over_err, rx_crc_err, collisions;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct port_stats14_ethernet_wire) == 36);

/* Port numbers. */

static const struct {
    uint32_t port;
    const char *name;
} reserved_ports[] = {
    { OFPP_UNSET, "UNSET" },
    { OFPP_IN_PORT, "IN_PORT" },
    { OFPP_TABLE, "TABLE" },
    { OFPP_NORMAL, "NORMAL" },
    { OFPP_FLOOD, "FLOOD" },
    { OFPP_ALL, "ALL" },
    { OFPP_CONTROLLER, "CONTROLLER" },
    { OFPP_LOCAL, "LOCAL" },
    { OFPP_ANY, "ANY" },
};

void
ofp_port_format(uint32_t port, struct ds *s)
{
    for (size_t i = 0; i < ARRAY_SIZE(reserved_ports); i++) {
        if (reserved_ports[i].port == port) {
            ds_put_cstr(s, reserved_ports[i].name);
            return;
        }
    }
    /* Open vSwitch holds ports in 16 bits and shows the unnamed reserved
     * range 0xffffff00 to 0xfffffff6 as 0xff00 to 0xfff6. */
    if (port >= OFPP_MAX) {
        port -= 0xffff0000u;
    }
    ds_put_format(s, "%"PRIu32, port);
}

bool
ofp_port_from_string(const char *s, uint32_t *port)
{
    unsigned int value;

    for (size_t i = 0; i < ARRAY_SIZE(reserved_ports); i++) {
        if (!strcasecmp(s, reserved_ports[i].name)) {
            *port = reserved_ports[i].port;
            return true;
        }
    }
    if (!strcasecmp(s, "NONE")) {
        *port = OFPP_ANY;
        return true;
    }
    if (isdigit((unsigned char) s[0]) && str_to_uint(s, 10, &value)) {
        *port = value;
        return true;
    }
    return false;
}

void
ofp_format_duration(struct ds *s, uint32_t sec, uint32_t nsec)
{
    ds_put_format(s, "%"PRIu32, sec);
    if (nsec) {
        if (nsec % 1000000 == 0) {
            ds_put_format(s, ".%03"PRIu32, nsec / 1000000);
        } else {
            ds_put_format(s, ".%09"PRIu32, nsec);
            while (ds_last(s) == '0') {
                ds_truncate(s, s->length - 1);
            }
        }
    }
    ds_put_char(s, 's');
}

/* Properties. */

enum ofperr
ofp_prop_pull(struct buffer *b, struct buffer *property, uint16_t *type)
{
    const uint8_t *p = buffer_at(b, 0, 4);
    if (!p) {
        return OFPERR_OFPBPC_BAD_LEN;
    }
    size_t len = ntohs(get_unaligned_be16(p + 2));
    size_t padded = ROUND_UP(len, 8);
    if (len < 4 || padded > b->size) {
        return OFPERR_OFPBPC_BAD_LEN;
    }
    *type = ntohs(get_unaligned_be16(p));
    buffer_use_const(property, p + 4, len - 4);
    buffer_pull(b, padded);
    return 0;
}

size_t
ofp_prop_start(struct buffer *b, uint16_t type)
{
    size_t start_ofs = b->size;
    uint8_t *p = buffer_put_zeros(b, 4);
    put_unaligned_be16(p, htons(type));
    return start_ofs;
}

void
ofp_prop_end(struct buffer *b, size_t start_ofs)
{
    size_t len = b->size - start_ofs;
    uint8_t *p = buffer_at_assert(b, start_ofs, 4);
    sluice_assert(len <= UINT16_MAX);
    put_unaligned_be16(p + 2, htons(len));
    buffer_put_zeros(b, ROUND_UP(len, 8) - len);
}

/* Feature bits. */

/* OpenFlow 1.0 has the speeds up to 10GB_FD in bits 0 to 6, as later
 * versions do, and the medium and autonegotiation bits in 7 to 11, four
 * bits lower than later versions. */
static uint32_t
features_from_ofp10(be32 wire)
{
    uint32_t raw = ntohl(wire);
    return (raw & 0x7f) | ((raw & 0xf80) << 4);
}

static be32
features_to_ofp10(uint32_t features)
{
    return htonl((features & 0x7f) | ((features & 0xf800) >> 4));
}

static uint32_t
features_from_ofp11(be32 wire)
{
    return ntohl(wire) & 0xffff;
}

/* Returns the highest speed in FEATURES, in kbps, or 0 if there is
 * none. */
static uint32_t
features_to_kbps(uint32_t features)
{
    static const struct {
        uint32_t bits;
        uint32_t kbps;
    } speeds[] = {
        { OFP_PF_1TB_FD, 1000000000 },
        { OFP_PF_100GB_FD, 100000000 },
        { OFP_PF_40GB_FD, 40000000 },
        { OFP_PF_10GB_FD, 10000000 },
        { OFP_PF_1GB_HD | OFP_PF_1GB_FD, 1000000 },
        { OFP_PF_100MB_HD | OFP_PF_100MB_FD, 100000 },
        { OFP_PF_10MB_HD | OFP_PF_10MB_FD, 10000 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(speeds); i++) {
        if (features & speeds[i].bits) {
            return speeds[i].kbps;
        }
    }
    return 0;
}

/* Port descriptions. */

/* Copies the wire name NAME (16 bytes, null-padded, perhaps not
 * null-terminated) to DST, which has OFP_PORT_NAME_MAX + 1 bytes. */
static void
name_from_wire(char *dst, const char *name)
{
    memcpy(dst, name, OFP_PORT_NAME_MAX);
    dst[OFP_PORT_NAME_MAX] = '\0';
}

static void
name_to_wire(char *dst, const char *name)
{
    memset(dst, 0, 16);
    memcpy(dst, name, strnlen(name, OFP_PORT_NAME_MAX));
}

size_t
ofp_port_desc_size(enum ofp_version version)
{
    return (version == OFP10_VERSION ? sizeof(struct port10_wire)
            : version <= OFP13_VERSION ? sizeof(struct port11_wire)
            : sizeof(struct port14_wire) + 4
              + sizeof(struct port14_ethernet_wire));
}

static be16
port_to_wire10(uint32_t port)
{
    uint16_t port10;
    sluice_assert(port_to_ofp10_port(port, &port10));
    return htons(port10);
}

void
ofp_port_desc_encode(const struct ofp_port_desc *port,
                     enum ofp_version version, struct buffer *b)
{
    if (version == OFP10_VERSION) {
        struct port10_wire *w = buffer_put_zeros(b, sizeof *w);
        w->port_no = port_to_wire10(port->port_no);
        w->hw_addr = port->hw_addr;
        name_to_wire(w->name, port->name);
        w->config = htonl(port->config & OFP_PC_ALL10);
        w->state = htonl(port->state
                         & (OFP_PS_LINK_DOWN | OFP_PS_STP_MASK));
        w->curr = features_to_ofp10(port->curr);
        w->advertised = features_to_ofp10(port->advertised);
        w->supported = features_to_ofp10(port->supported);
        w->peer = features_to_ofp10(port->peer);
    } else if (version <= OFP13_VERSION) {
        struct port11_wire *w = buffer_put_zeros(b, sizeof *w);
        w->port_no = htonl(port->port_no);
        w->hw_addr = port->hw_addr;
        name_to_wire(w->name, port->name);
        w->config = htonl(port->config & OFP_PC_ALL11);
        w->state = htonl(port->state & ~OFP_PS_STP_MASK);
        w->curr = htonl(port->curr);
        w->advertised = htonl(port->advertised);
        w->supported = htonl(port->supported);
        w->peer = htonl(port->peer);
        w->curr_speed = htonl(port->curr_speed);
        w->max_speed = htonl(port->max_speed);
    } else {
        size_t start = b->size;
        struct port14_wire *w = buffer_put_zeros(b, sizeof *w);
        w->port_no = htonl(port->port_no);
        w->hw_addr = port->hw_addr;
        name_to_wire(w->name, port->name);
        w->config = htonl(port->config & OFP_PC_ALL11);
        w->state = htonl(port->state & ~OFP_PS_STP_MASK);

        size_t prop = ofp_prop_start(b, PORT14_PROP_ETHERNET);
        struct port14_ethernet_wire *e = buffer_put_zeros(b, sizeof *e);
        e->curr = htonl(port->curr);
        e->advertised = htonl(port->advertised);
        e->supported = htonl(port->supported);
        e->peer = htonl(port->peer);
        e->curr_speed = htonl(port->curr_speed);
        e->max_speed = htonl(port->max_speed);
        ofp_prop_end(b, prop);

        w = buffer_at_assert(b, start, sizeof *w);
        w->length = htons(b->size - start);
    }
}

static int
port_desc_pull10(struct buffer *b, struct ofp_port_desc *port)
{
    const struct port10_wire *w = buffer_try_pull(b, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    port->port_no = ofp10_port_to_port(ntohs(w->port_no));
    port->hw_addr = w->hw_addr;
    name_from_wire(port->name, w->name);
    port->config = ntohl(w->config) & OFP_PC_ALL10;
    port->state = ntohl(w->state) & (OFP_PS_LINK_DOWN | OFP_PS_STP_MASK);
    port->curr = features_from_ofp10(w->curr);
    port->advertised = features_from_ofp10(w->advertised);
    port->supported = features_from_ofp10(w->supported);
    port->peer = features_from_ofp10(w->peer);
    port->curr_speed = features_to_kbps(port->curr);
    port->max_speed = features_to_kbps(port->supported);
    return 0;
}

static int
port_desc_pull11(struct buffer *b, struct ofp_port_desc *port)
{
    const struct port11_wire *w = buffer_try_pull(b, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    port->port_no = ntohl(w->port_no);
    port->hw_addr = w->hw_addr;
    name_from_wire(port->name, w->name);
    port->config = ntohl(w->config) & OFP_PC_ALL11;
    port->state = ntohl(w->state)
                  & (OFP_PS_LINK_DOWN | OFP_PS_BLOCKED | OFP_PS_LIVE);
    port->curr = features_from_ofp11(w->curr);
    port->advertised = features_from_ofp11(w->advertised);
    port->supported = features_from_ofp11(w->supported);
    port->peer = features_from_ofp11(w->peer);
    port->curr_speed = ntohl(w->curr_speed);
    port->max_speed = ntohl(w->max_speed);
    return 0;
}

static int
port_desc_pull14(struct buffer *b, struct ofp_port_desc *port)
{
    const struct port14_wire *w = buffer_at(b, 0, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    size_t len = ntohs(w->length);
    if (len < sizeof *w || len % 8 || len > b->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }

    struct ofp_port_desc p;
    memset(&p, 0, sizeof p);
    p.port_no = ntohl(w->port_no);
    p.hw_addr = w->hw_addr;
    name_from_wire(p.name, w->name);
    p.config = ntohl(w->config) & OFP_PC_ALL11;
    p.state = ntohl(w->state)
              & (OFP_PS_LINK_DOWN | OFP_PS_BLOCKED | OFP_PS_LIVE);

    struct buffer props;
    buffer_use_const(&props, (const uint8_t *) w + sizeof *w,
                     len - sizeof *w);
    while (props.size) {
        struct buffer prop;
        uint16_t type;
        enum ofperr error = ofp_prop_pull(&props, &prop, &type);
        if (error) {
            return error;
        }
        if (type == PORT14_PROP_ETHERNET) {
            const struct port14_ethernet_wire *e = prop.data;
            if (prop.size != sizeof *e) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            p.curr = features_from_ofp11(e->curr);
            p.advertised = features_from_ofp11(e->advertised);
            p.supported = features_from_ofp11(e->supported);
            p.peer = features_from_ofp11(e->peer);
            p.curr_speed = ntohl(e->curr_speed);
            p.max_speed = ntohl(e->max_speed);
        }
    }
    buffer_pull(b, len);
    *port = p;
    return 0;
}

int
ofp_port_desc_pull(struct buffer *b, enum ofp_version version,
                   struct ofp_port_desc *port)
{
    if (!b->size) {
        return EOF;
    }
    memset(port, 0, sizeof *port);
    return (version == OFP10_VERSION ? port_desc_pull10(b, port)
            : version <= OFP13_VERSION ? port_desc_pull11(b, port)
            : port_desc_pull14(b, port));
}

void
ofp_port_descs_encode(const struct ofp_port_desc *ports, size_t n,
                      enum ofp_version version, struct buffer *b)
{
    for (size_t i = 0; i < n; i++) {
        ofp_port_desc_encode(&ports[i], version, b);
    }
}

enum ofperr
ofp_port_descs_decode(struct buffer *b, enum ofp_version version,
                      struct ofp_port_desc **portsp, size_t *n_portsp)
{
    struct ofp_port_desc *ports = NULL;
    size_t n = 0, allocated = 0;

    for (;;) {
        struct ofp_port_desc port;
        int error = ofp_port_desc_pull(b, version, &port);
        if (error == EOF) {
            break;
        } else if (error) {
            free(ports);
            *portsp = NULL;
            *n_portsp = 0;
            return error;
        }
        if (n >= allocated) {
            ports = x2nrealloc(ports, &allocated, sizeof *ports);
        }
        ports[n++] = port;
    }
    *portsp = ports;
    *n_portsp = n;
    return 0;
}

void
ofp_format_bit_names(struct ds *s, uint32_t bits, const char *const names[],
                     size_t n_names)
{
    if (!bits) {
        ds_put_char(s, '0');
        return;
    }
    bool first = true;
    for (int i = 0; i < 32; i++) {
        uint32_t bit = UINT32_C(1) << i;
        if (!(bits & bit)) {
            continue;
        }
        if (!first) {
            ds_put_char(s, ' ');
        }
        first = false;
        if (i < (int) n_names && names[i]) {
            ds_put_cstr(s, names[i]);
        } else {
            ds_put_format(s, "0x%"PRIx32, bit);
        }
    }
}

static const char *const config_names[] = {
    "PORT_DOWN", "NO_STP", "NO_RECV", "NO_RECV_STP", "NO_FLOOD", "NO_FWD",
    "NO_PACKET_IN",
};

static const char *const state_names[] = {
    "LINK_DOWN", "BLOCKED", "LIVE",
};

static const char *const feature_names[] = {
    "10MB-HD", "10MB-FD", "100MB-HD", "100MB-FD", "1GB-HD", "1GB-FD",
    "10GB-FD", "40GB-FD", "100GB-FD", "1TB-FD", "OTHER", "COPPER", "FIBER",
    "AUTO_NEG", "AUTO_PAUSE", "AUTO_PAUSE_ASYM",
};

static void
format_config(struct ds *s, uint32_t config)
{
    ofp_format_bit_names(s, config, config_names,
                         ARRAY_SIZE(config_names));
}

static void
format_features(struct ds *s, uint32_t features)
{
    ofp_format_bit_names(s, features, feature_names,
                         ARRAY_SIZE(feature_names));
}

/* Prints STATE as ovs-ofctl does: the STP state first, if it is not
 * "listen", and then (without a space between, as ovs-ofctl prints them)
 * the other bits. */
static void
format_state(struct ds *s, uint32_t state)
{
    uint32_t stp = state & OFP_PS_STP_MASK;
    uint32_t rest = state & ~OFP_PS_STP_MASK;

    if (stp) {
        ds_put_cstr(s, (stp == OFP_PS_STP_LEARN ? "STP_LEARN"
                        : stp == OFP_PS_STP_FORWARD ? "STP_FORWARD"
                        : "STP_BLOCK"));
        if (rest) {
            ofp_format_bit_names(s, rest, state_names,
                                 ARRAY_SIZE(state_names));
        }
    } else {
        ofp_format_bit_names(s, rest, state_names,
                             ARRAY_SIZE(state_names));
    }
}

void
ofp_port_desc_format(struct ds *s, const struct ofp_port_desc *port)
{
    /* The name as far as its first unprintable character. */
    size_t name_len = 0;
    while (name_len < OFP_PORT_NAME_MAX
           && isprint((unsigned char) port->name[name_len])) {
        name_len++;
    }

    ds_put_char(s, ' ');
    ofp_port_format(port->port_no, s);
    ds_put_char(s, '(');
    ds_put_buffer(s, port->name, name_len);
    ds_put_cstr(s, "): addr:");
    eth_addr_format(s, port->hw_addr);
    ds_put_char(s, '\n');

    ds_put_cstr(s, "     config:     ");
    format_config(s, port->config);
    ds_put_cstr(s, "\n     state:      ");
    format_state(s, port->state);
    ds_put_char(s, '\n');

    static const struct {
        const char *label;
        size_t offset;
    } features[] = {
        { "     current:    ", offsetof(struct ofp_port_desc, curr) },
        { "     advertised: ", offsetof(struct ofp_port_desc, advertised) },
        { "     supported:  ", offsetof(struct ofp_port_desc, supported) },
        { "     peer:       ", offsetof(struct ofp_port_desc, peer) },
    };
    for (size_t i = 0; i < ARRAY_SIZE(features); i++) {
        uint32_t bits;
        memcpy(&bits, (const char *) port + features[i].offset, sizeof bits);
        if (bits) {
            ds_put_cstr(s, features[i].label);
            format_features(s, bits);
            ds_put_char(s, '\n');
        }
    }
    ds_put_format(s, "     speed: %"PRIu32" Mbps now, %"PRIu32" Mbps max\n",
                  port->curr_speed / 1000, port->max_speed / 1000);
}

static int
compare_port_descs(const void *a_, const void *b_)
{
    const struct ofp_port_desc *const *a = a_;
    const struct ofp_port_desc *const *b = b_;
    uint32_t ap = (*a)->port_no;
    uint32_t bp = (*b)->port_no;
    return ap < bp ? -1 : ap > bp;
}

void
ofp_port_descs_format(struct ds *s, const struct ofp_port_desc *ports,
                      size_t n)
{
    const struct ofp_port_desc **sorted = xmalloc(n * sizeof *sorted + 1);
    for (size_t i = 0; i < n; i++) {
        sorted[i] = &ports[i];
    }
    qsort(sorted, n, sizeof *sorted, compare_port_descs);
    for (size_t i = 0; i < n; i++) {
        ofp_port_desc_format(s, sorted[i]);
    }
    free(sorted);
}

/* Port-desc request and reply. */

void
ofp_port_desc_request_encode(uint32_t port, enum ofp_version version,
                             struct buffer *b)
{
    if (version >= OFP15_VERSION) {
        struct port_stats_request11_wire *w = buffer_put_zeros(b, sizeof *w);
        w->port_no = htonl(port);
    } else {
        sluice_assert(port == OFPP_ANY);
    }
}

enum ofperr
ofp_port_desc_request_decode(struct buffer *b, enum ofp_version version,
                             uint32_t *port)
{
    if (version >= OFP15_VERSION) {
        const struct port_stats_request11_wire *w = b->data;
        if (b->size != sizeof *w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        *port = ntohl(w->port_no);
        buffer_pull(b, sizeof *w);
    } else {
        if (b->size) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        *port = OFPP_ANY;
    }
    return 0;
}

void
ofp_port_desc_request_format(struct ds *s, uint32_t port)
{
    ds_put_cstr(s, " port=");
    ofp_port_format(port, s);
}

enum ofperr
ofp_port_desc_reply_format(struct ds *s, struct buffer *b,
                           enum ofp_version version)
{
    struct ofp_port_desc *ports;
    size_t n;
    enum ofperr error = ofp_port_descs_decode(b, version, &ports, &n);
    if (!error) {
        ds_put_char(s, '\n');
        ofp_port_descs_format(s, ports, n);
        free(ports);
    }
    return error;
}

/* Port-status. */

void
ofp_port_status_encode(const struct ofp_port_status *ps,
                       enum ofp_version version, struct buffer *b)
{
    struct port_status_wire *w = buffer_put_zeros(b, sizeof *w);
    w->reason = ps->reason;
    ofp_port_desc_encode(&ps->desc, version, b);
}

enum ofperr
ofp_port_status_decode(struct buffer *b, enum ofp_version version,
                       struct ofp_port_status *ps)
{
    const struct port_status_wire *w = buffer_try_pull(b, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (w->reason != OFP_PR_ADD && w->reason != OFP_PR_DELETE
        && w->reason != OFP_PR_MODIFY) {
        return OFPERR_NXBRC_BAD_REASON;
    }
    ps->reason = w->reason;

    int error = ofp_port_desc_pull(b, version, &ps->desc);
    if (error == EOF || (!error && b->size)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return error;
}

void
ofp_port_status_format(struct ds *s, const struct ofp_port_status *ps)
{
    ds_put_cstr(s, (ps->reason == OFP_PR_ADD ? " ADD:"
                    : ps->reason == OFP_PR_DELETE ? " DEL:"
                    : " MOD:"));
    ofp_port_desc_format(s, &ps->desc);
}

/* Port-mod. */

void
ofp_port_mod_encode(const struct ofp_port_mod *pm, enum ofp_version version,
                    struct buffer *b)
{
    if (version == OFP10_VERSION) {
        struct port_mod10_wire *w = buffer_put_zeros(b, sizeof *w);
        w->port_no = port_to_wire10(pm->port_no);
        w->hw_addr = pm->hw_addr;
        w->config = htonl(pm->config & OFP_PC_ALL10);
        w->mask = htonl(pm->mask & OFP_PC_ALL10);
        w->advertise = features_to_ofp10(pm->advertise);
    } else if (version <= OFP13_VERSION) {
        struct port_mod11_wire *w = buffer_put_zeros(b, sizeof *w);
        w->port_no = htonl(pm->port_no);
        w->hw_addr = pm->hw_addr;
        w->config = htonl(pm->config & OFP_PC_ALL11);
        w->mask = htonl(pm->mask & OFP_PC_ALL11);
        w->advertise = htonl(pm->advertise);
    } else {
        struct port_mod11_wire *w = buffer_put_zeros(b, PORT_MOD14_SIZE);
        w->port_no = htonl(pm->port_no);
        w->hw_addr = pm->hw_addr;
        w->config = htonl(pm->config & OFP_PC_ALL11);
        w->mask = htonl(pm->mask & OFP_PC_ALL11);
        if (pm->advertise) {
            size_t prop = ofp_prop_start(b, PORT_MOD14_PROP_ETHERNET);
            put_unaligned_be32(buffer_put_uninit(b, 4),
                               htonl(pm->advertise));
            ofp_prop_end(b, prop);
        }
    }
}

enum ofperr
ofp_port_mod_decode(struct buffer *b, enum ofp_version version,
                    struct ofp_port_mod *pm)
{
    memset(pm, 0, sizeof *pm);
    if (version == OFP10_VERSION) {
        const struct port_mod10_wire *w = b->data;
        if (b->size != sizeof *w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pm->port_no = ofp10_port_to_port(ntohs(w->port_no));
        pm->hw_addr = w->hw_addr;
        pm->config = ntohl(w->config) & OFP_PC_ALL10;
        pm->mask = ntohl(w->mask) & OFP_PC_ALL10;
        pm->advertise = features_from_ofp10(w->advertise);
        buffer_pull(b, sizeof *w);
    } else if (version <= OFP13_VERSION) {
        const struct port_mod11_wire *w = b->data;
        if (b->size != sizeof *w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pm->port_no = ntohl(w->port_no);
        pm->hw_addr = w->hw_addr;
        pm->config = ntohl(w->config) & OFP_PC_ALL11;
        pm->mask = ntohl(w->mask) & OFP_PC_ALL11;
        pm->advertise = features_from_ofp11(w->advertise);
        buffer_pull(b, sizeof *w);
    } else {
        const struct port_mod11_wire *w = buffer_try_pull(b,
                                                          PORT_MOD14_SIZE);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pm->port_no = ntohl(w->port_no);
        pm->hw_addr = w->hw_addr;
        pm->config = ntohl(w->config) & OFP_PC_ALL11;
        pm->mask = ntohl(w->mask) & OFP_PC_ALL11;
        while (b->size) {
            struct buffer prop;
            uint16_t type;
            enum ofperr error = ofp_prop_pull(b, &prop, &type);
            if (error) {
                return error;
            }
            if (type == PORT_MOD14_PROP_ETHERNET) {
                if (prop.size != 4) {
                    return OFPERR_OFPBPC_BAD_LEN;
                }
                pm->advertise = features_from_ofp11(get_unaligned_be32(
                                                        prop.data));
            }
        }
    }
    return 0;
}

enum ofperr
ofp_port_mod_check(const struct ofp_port_mod *pm,
                   const struct ofp_port_desc *port, uint32_t changeable)
{
    if (!port || (pm->port_no > OFPP_MAX && pm->port_no != OFPP_LOCAL)) {
        return OFPERR_OFPPMFC_BAD_PORT;
    }
    if (!eth_addr_equals(pm->hw_addr, port->hw_addr)) {
        return OFPERR_OFPPMFC_BAD_HW_ADDR;
    }
    if (pm->mask & ~changeable) {
        return OFPERR_OFPPMFC_BAD_CONFIG;
    }
    if (pm->advertise & ~port->supported) {
        return OFPERR_OFPPMFC_BAD_ADVERTISE;
    }
    return 0;
}

void
ofp_port_mod_format(struct ds *s, const struct ofp_port_mod *pm)
{
    ds_put_cstr(s, " port: ");
    ofp_port_format(pm->port_no, s);
    ds_put_cstr(s, ": addr:");
    eth_addr_format(s, pm->hw_addr);
    ds_put_cstr(s, "\n     config: ");
    format_config(s, pm->config);
    ds_put_cstr(s, "\n     mask:   ");
    format_config(s, pm->mask);
    ds_put_cstr(s, "\n     advertise: ");
    if (pm->advertise) {
        format_features(s, pm->advertise);
    } else {
        ds_put_cstr(s, "UNCHANGED");
    }
    ds_put_char(s, '\n');
}

/* Port statistics. */

void
ofp_port_stats_request_encode(uint32_t port, enum ofp_version version,
                              struct buffer *b)
{
    if (version == OFP10_VERSION) {
        struct port_stats_request10_wire *w = buffer_put_zeros(b, sizeof *w);
        w->port_no = port_to_wire10(port);
    } else {
        struct port_stats_request11_wire *w = buffer_put_zeros(b, sizeof *w);
        w->port_no = htonl(port);
    }
}

enum ofperr
ofp_port_stats_request_decode(struct buffer *b, enum ofp_version version,
                              uint32_t *port)
{
    if (b->size != 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (version == OFP10_VERSION) {
        const struct port_stats_request10_wire *w = buffer_pull(b, 8);
        *port = ofp10_port_to_port(ntohs(w->port_no));
    } else {
        const struct port_stats_request11_wire *w = buffer_pull(b, 8);
        *port = ntohl(w->port_no);
    }
    return 0;
}

void
ofp_port_stats_request_format(struct ds *s, uint32_t port)
{
    ds_put_cstr(s, " port_no=");
    ofp_port_format(port, s);
}

static void
counters_to_wire(const struct ofp_port_stats *ps,
                 struct port_counters_wire *w)
{
    w->rx_packets = htonll(ps->rx_packets);
    w->tx_packets = htonll(ps->tx_packets);
    w->rx_bytes = htonll(ps->rx_bytes);
    w->tx_bytes = htonll(ps->tx_bytes);
    w->rx_dropped = htonll(ps->rx_dropped);
    w->tx_dropped = htonll(ps->tx_dropped);
    w->rx_errors = htonll(ps->rx_errors);
    w->tx_errors = htonll(ps->tx_errors);
    w->rx_frame_err = htonll(ps->rx_frame_errors);
    w->rx_over_err = htonll(ps->rx_over_errors);
    w->rx_crc_err = htonll(ps->rx_crc_errors);
    w->collisions = htonll(ps->collisions);
}

static void
counters_from_wire(const struct port_counters_wire *w,
                   struct ofp_port_stats *ps)
{
    ps->rx_packets = ntohll(w->rx_packets);
    ps->tx_packets = ntohll(w->tx_packets);
    ps->rx_bytes = ntohll(w->rx_bytes);
    ps->tx_bytes = ntohll(w->tx_bytes);
    ps->rx_dropped = ntohll(w->rx_dropped);
    ps->tx_dropped = ntohll(w->tx_dropped);
    ps->rx_errors = ntohll(w->rx_errors);
    ps->tx_errors = ntohll(w->tx_errors);
    ps->rx_frame_errors = ntohll(w->rx_frame_err);
    ps->rx_over_errors = ntohll(w->rx_over_err);
    ps->rx_crc_errors = ntohll(w->rx_crc_err);
    ps->collisions = ntohll(w->collisions);
}

void
ofp_port_stats_encode(const struct ofp_port_stats *ps,
                      enum ofp_version version, struct buffer *b)
{
    if (version == OFP10_VERSION) {
        struct port_stats_request10_wire *h = buffer_put_zeros(b, sizeof *h);
        h->port_no = port_to_wire10(ps->port_no);
        counters_to_wire(ps, buffer_put_zeros(b,
                                  sizeof(struct port_counters_wire)));
    } else if (version <= OFP13_VERSION) {
        struct port_stats_request11_wire *h = buffer_put_zeros(b, sizeof *h);
        h->port_no = htonl(ps->port_no);
        counters_to_wire(ps, buffer_put_zeros(b,
                                  sizeof(struct port_counters_wire)));
        if (version == OFP13_VERSION) {
            put_unaligned_be32(buffer_put_uninit(b, 4),
                               htonl(ps->duration_sec));
            put_unaligned_be32(buffer_put_uninit(b, 4),
                               htonl(ps->duration_nsec));
        }
    } else {
        size_t start = b->size;
        struct port_stats14_wire *w = buffer_put_zeros(b, sizeof *w);
        w->port_no = htonl(ps->port_no);
        w->duration_sec = htonl(ps->duration_sec);
        w->duration_nsec = htonl(ps->duration_nsec);
        w->rx_packets = htonll(ps->rx_packets);
        w->tx_packets = htonll(ps->tx_packets);
        w->rx_bytes = htonll(ps->rx_bytes);
        w->tx_bytes = htonll(ps->tx_bytes);
        w->rx_dropped = htonll(ps->rx_dropped);
        w->tx_dropped = htonll(ps->tx_dropped);
        w->rx_errors = htonll(ps->rx_errors);
        w->tx_errors = htonll(ps->tx_errors);

        size_t prop = ofp_prop_start(b, PORT_STATS14_PROP_ETHERNET);
        struct port_stats14_ethernet_wire *e = buffer_put_zeros(b,
                                                                sizeof *e);
        e->rx_frame_err = htonll(ps->rx_frame_errors);
        e->rx_over_err = htonll(ps->rx_over_errors);
        e->rx_crc_err = htonll(ps->rx_crc_errors);
        e->collisions = htonll(ps->collisions);
        ofp_prop_end(b, prop);

        w = buffer_at_assert(b, start, sizeof *w);
        w->length = htons(b->size - start);
    }
}

static int
port_stats_pull14(struct buffer *b, struct ofp_port_stats *ps)
{
    const struct port_stats14_wire *w = buffer_at(b, 0, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    size_t len = ntohs(w->length);
    if (len < sizeof *w || len > b->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ps->port_no = ntohl(w->port_no);
    ps->duration_sec = ntohl(w->duration_sec);
    ps->duration_nsec = ntohl(w->duration_nsec);
    ps->rx_packets = ntohll(w->rx_packets);
    ps->tx_packets = ntohll(w->tx_packets);
    ps->rx_bytes = ntohll(w->rx_bytes);
    ps->tx_bytes = ntohll(w->tx_bytes);
    ps->rx_dropped = ntohll(w->rx_dropped);
    ps->tx_dropped = ntohll(w->tx_dropped);
    ps->rx_errors = ntohll(w->rx_errors);
    ps->tx_errors = ntohll(w->tx_errors);

    struct buffer props;
    buffer_use_const(&props, (const uint8_t *) w + sizeof *w,
                     len - sizeof *w);
    while (props.size) {
        struct buffer prop;
        uint16_t type;
        enum ofperr error = ofp_prop_pull(&props, &prop, &type);
        if (error) {
            return error;
        }
        if (type == PORT_STATS14_PROP_ETHERNET) {
            const struct port_stats14_ethernet_wire *e = prop.data;
            if (prop.size != sizeof *e) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            ps->rx_frame_errors = ntohll(e->rx_frame_err);
            ps->rx_over_errors = ntohll(e->rx_over_err);
            ps->rx_crc_errors = ntohll(e->rx_crc_err);
            ps->collisions = ntohll(e->collisions);
        }
    }
    buffer_pull(b, len);
    return 0;
}

int
ofp_port_stats_pull(struct buffer *b, enum ofp_version version,
                    struct ofp_port_stats *ps)
{
    if (!b->size) {
        return EOF;
    }
    memset(ps, 0xff, sizeof *ps);
    if (version >= OFP14_VERSION) {
        return port_stats_pull14(b, ps);
    }

    size_t size = 8 + sizeof(struct port_counters_wire)
                  + (version == OFP13_VERSION ? 8 : 0);
    const uint8_t *p = buffer_try_pull(b, size);
    if (!p) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ps->port_no = (version == OFP10_VERSION
                   ? ofp10_port_to_port(ntohs(get_unaligned_be16(p)))
                   : ntohl(get_unaligned_be32(p)));
    counters_from_wire((const struct port_counters_wire *) (p + 8), ps);
    if (version == OFP13_VERSION) {
        const uint8_t *d = p + 8 + sizeof(struct port_counters_wire);
        ps->duration_sec = ntohl(get_unaligned_be32(d));
        ps->duration_nsec = ntohl(get_unaligned_be32(d + 4));
    }
    return 0;
}

/* Appends LABEL and VALUE (or "?" if it is UINT64_MAX) to S, followed by
 * ", " or, for the last of a line, a newline. */
static void
format_counter(struct ds *s, const char *label, uint64_t value, bool last)
{
    ds_put_cstr(s, label);
    if (value != UINT64_MAX) {
        ds_put_format(s, "%"PRIu64, value);
    } else {
        ds_put_char(s, '?');
    }
    ds_put_cstr(s, last ? "\n" : ", ");
}

void
ofp_port_stats_format(struct ds *s, const struct ofp_port_stats *ps)
{
    ds_put_cstr(s, "  port ");
    if (ps->port_no < 10) {
        ds_put_char(s, ' ');
    }
    ofp_port_format(ps->port_no, s);

    ds_put_cstr(s, ": rx ");
    format_counter(s, "pkts=", ps->rx_packets, false);
    format_counter(s, "bytes=", ps->rx_bytes, false);
    format_counter(s, "drop=", ps->rx_dropped, false);
    format_counter(s, "errs=", ps->rx_errors, false);
    format_counter(s, "frame=", ps->rx_frame_errors, false);
    format_counter(s, "over=", ps->rx_over_errors, false);
    format_counter(s, "crc=", ps->rx_crc_errors, true);

    ds_put_cstr(s, "           tx ");
    format_counter(s, "pkts=", ps->tx_packets, false);
    format_counter(s, "bytes=", ps->tx_bytes, false);
    format_counter(s, "drop=", ps->tx_dropped, false);
    format_counter(s, "errs=", ps->tx_errors, false);
    format_counter(s, "coll=", ps->collisions, true);

    if (ps->duration_sec != UINT32_MAX) {
        ds_put_cstr(s, "           duration=");
        ofp_format_duration(s, ps->duration_sec, ps->duration_nsec);
        ds_put_char(s, '\n');
    }
}

enum ofperr
ofp_port_stats_reply_format(struct ds *s, struct buffer *b,
                            enum ofp_version version)
{
    struct ds body = DS_EMPTY_INITIALIZER;
    size_t n = 0;

    for (;;) {
        struct ofp_port_stats ps;
        int error = ofp_port_stats_pull(b, version, &ps);
        if (error == EOF) {
            break;
        } else if (error) {
            ds_destroy(&body);
            return error;
        }
        ofp_port_stats_format(&body, &ps);
        n++;
    }
    ds_put_format(s, " %zu ports\n", n);
    ds_put_buffer(s, body.string ? body.string : "", body.length);
    ds_destroy(&body);
    return 0;
}
