/* SPDX-License-Identifier: GPL-2.0-only */
/* A domain's virtual 8254 channel 2 and port 0x61 (hypervisor/time/vpit.c). */
#ifndef PARVUS_VPIT_H
#define PARVUS_VPIT_H

#include <parvus/types.h>

#define VPIT_HZ		1193182
#define VPIT_PORT_CH2	0x42
#define VPIT_PORT_CMD	0x43
#define VPIT_PORT_GATE	0x61

struct vpit {
	uint16_t reload;	/* the count written; 0 means 65536 */
	uint8_t mode;		/* 0-5 */
	uint8_t access;		/* 1 LSB, 2 MSB, 3 LSB then MSB */
	bool write_msb_next;	/* access 3: the LSB has been written */
	bool read_msb_next;	/* access 3: the LSB has been read */
	bool latched;		/* a latch command holds latch_value */
	bool latch_msb_next;
	uint16_t latch_value;
	bool gate;		/* port 0x61 bit 0 */
	bool speaker;		/* port 0x61 bit 1 */
	bool loaded;		/* a count has been written since the mode */
	uint64_t start_ns;	/* when counting from reload (re)started */
	uint64_t paused_ticks;	/* ticks counted before the gate went low */
};

/* Does the vPIT answer this port (byte accesses only)? */
bool vpit_owns_port(uint16_t port, unsigned int size);
uint8_t vpit_read(struct vpit *p, uint16_t port, uint64_t now_ns);
void vpit_write(struct vpit *p, uint16_t port, uint8_t val, uint64_t now_ns);

#endif
