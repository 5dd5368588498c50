/*
 * Kernel page tables.  See paging.c for the layout and the W^X rules.
 */
#ifndef PAGING_H
#define PAGING_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define PTE_NX		(1ULL << 63)
#define PTE_ADDR_MASK	0x000ffffffffff000ULL

/* Builds the final kernel page tables and switches CR3 to them. */
void paging_init(void);

/* Physical address of the kernel's top-level table (for other CPUs). */
uint64_t kernel_cr3(void);

/*
 * Maps one 4 KiB page at va to pa with flags (PTE_* bits; PTE_P added),
 * allocating intermediate tables as needed.  Returns 0 or -1 if a table
 * could not be allocated.  Caller serializes changes to the same range.
 */
int map_page(unsigned long va, uint64_t pa, uint64_t flags);
/*
 * Pages used by page tables.  Tables are kept when their mappings go, so a
 * leak check counts free pages plus these.
 */
size_t nr_page_table_pages(void);
/* Unmaps one 4 KiB page and returns the physical address it mapped (0 if none). */
uint64_t unmap_page(unsigned long va);
/* The PTE that maps va (4 KiB or 2 MiB level), or 0 if unmapped. */
uint64_t lookup_pte(unsigned long va);

#endif
