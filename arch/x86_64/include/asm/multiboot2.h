/*
 * What ringlet takes from the multiboot2 boot information: the command line,
 * the physical memory map, (for SMP) the ACPI RSDP, and where GRUB put the
 * initramfs.  multiboot_parse() copies these out of GRUB's structure, so
 * the structure's memory can be reused once the page allocator is up.  The
 * initramfs itself stays where GRUB loaded it: page_alloc_init reserves
 * its frames, and kernel/fs/initramfs.c reads it through the direct map.
 */
#ifndef MULTIBOOT2_H
#define MULTIBOOT2_H

#include <stdint.h>
#include <stddef.h>

#define MB_MAX_MMAP	64
#define MB_CMDLINE_MAX	512

struct mb_mmap_entry {
	uint64_t base;
	uint64_t len;
	uint32_t type;		/* 1: usable RAM */
};

struct boot_info {
	char cmdline[MB_CMDLINE_MAX];
	struct mb_mmap_entry mmap[MB_MAX_MMAP];
	int nr_mmap;
	uint64_t info_phys, info_size;	/* GRUB's structure, to reserve it */
	const void *rsdp;		/* copy of the RSDP, or NULL */
	size_t rsdp_len;
	/* The first module (grub.cfg's module2), the initramfs; size 0 if none. */
	uint64_t initrd_phys, initrd_size;
};

extern struct boot_info boot_info;

/* Returns 0, or -1 if magic is not multiboot2's (nothing is parsed). */
int multiboot_parse(uint32_t magic, uint64_t info_phys);

#endif
