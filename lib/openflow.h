/*
 * openflow: constants and wire formats of the OpenFlow protocol, versions
 * 1.0 (0x01) to 1.5 (0x06), and of the Nicira extensions Sluice speaks.
 *
 * Everything here is as the specifications define it; names follow the
 * specifications (OFPT_*, OFPP_*, struct ofp_header, ...), with a version
 * infix (ofp10_, ofp11_, ...) where versions differ.  Multi-byte fields of
 * wire structs are in network byte order.  Encoders and decoders live in
 * the ofp-*.c modules; nothing here has code beyond trivial inlines.
 *
 * Port numbers: Sluice holds OpenFlow port numbers as 32-bit values, as
 * OpenFlow 1.1 and later do.  OpenFlow 1.0's 16-bit numbers convert with
 * ofp10_port_to_port() and port_to_ofp10_port(): its reserved ports
 * 0xfff8 to 0xffff become 0xfffffff8 to 0xffffffff, ordinary ports stay.
 */
#ifndef SLUICE_OPENFLOW_H
#define SLUICE_OPENFLOW_H 1

#include <stdbool.h>
#include <stdint.h>
#include "packets.h"
#include "util.h"

/* Versions (ofp_header.version). */
enum ofp_version {
    OFP10_VERSION = 0x01,
    OFP11_VERSION = 0x02,
    OFP12_VERSION = 0x03,
    OFP13_VERSION = 0x04,
    OFP14_VERSION = 0x05,
    OFP15_VERSION = 0x06,
};

#define OFP_MIN_VERSION OFP10_VERSION
#define OFP_MAX_VERSION OFP15_VERSION

/* The IANA-assigned TCP ports. */
#define OFP_PORT 6653
#define OFP_OLD_PORT 6633

/* Reserved OpenFlow port numbers (32-bit form). */
#define OFPP_MAX        0xffffff00u /* Highest ordinary port number. */
#define OFPP_UNSET      0xfffffff7u /* Output port not set (Nicira). */
#define OFPP_IN_PORT    0xfffffff8u
#define OFPP_TABLE      0xfffffff9u
#define OFPP_NORMAL     0xfffffffau
#define OFPP_FLOOD      0xfffffffbu
#define OFPP_ALL        0xfffffffcu
#define OFPP_CONTROLLER 0xfffffffdu
#define OFPP_LOCAL      0xfffffffeu
#define OFPP_ANY        0xffffffffu /* OpenFlow 1.0: OFPP_NONE. */
#define OFPP_NONE       OFPP_ANY

/* OpenFlow 1.0's 16-bit port numbers. */
#define OFPP10_MAX      0xff00u
#define OFPP10_IN_PORT  0xfff8u
#define OFPP10_NONE     0xffffu

/* Converts OpenFlow 1.0 port PORT to the 32-bit form. */
static inline uint32_t
ofp10_port_to_port(uint16_t port)
{
    return port >= OFPP10_IN_PORT ? port + 0xffff0000u : port;
}

/* Converts 32-bit port PORT to OpenFlow 1.0's form; returns false if PORT
 * has none (an ordinary port above OFPP10_MAX). */
static inline bool
port_to_ofp10_port(uint32_t port, uint16_t *ofp10)
{
    if (port >= OFPP_IN_PORT) {
        *ofp10 = port - 0xffff0000u;
        return true;
    } else if (port <= OFPP10_MAX) {
        *ofp10 = port;
        return true;
    }
    return false;
}

/* Tables. */
#define OFPTT_MAX 0xfe              /* Highest table number. */
#define OFPTT_ALL 0xff              /* Wildcard table (flow mods, stats). */

/* Groups. */
#define OFPG_MAX 0xffffff00u
#define OFPG_ALL 0xfffffffcu
#define OFPG_ANY 0xffffffffu

/* Meters. */
#define OFPM_MAX        0xffff0000u
#define OFPM_SLOWPATH   0xfffffffdu
#define OFPM_CONTROLLER 0xfffffffeu
#define OFPM_ALL        0xffffffffu

/* Queues. */
#define OFPQ_ALL 0xffffffffu

/* packet-in and packet-out buffers: Sluice never buffers. */
#define OFP_NO_BUFFER 0xffffffffu

/* The "VLAN present" bit of OXM vlan_vid (OpenFlow 1.2+). */
#define OFPVID_PRESENT 0x1000
#define OFPVID_NONE    0x0000

/* OpenFlow 1.0's dl_vlan value for "no VLAN tag". */
#define OFP10_VLAN_NONE 0xffff

/* The header of every message. */
struct ofp_header {
    uint8_t version;                /* enum ofp_version. */
    uint8_t type;                   /* OFPT_*, version-dependent. */
    be16 length;                    /* Including this header. */
    be32 xid;
};
BUILD_ASSERT_DECL(sizeof(struct ofp_header) == 8);

#endif /* openflow.h */
