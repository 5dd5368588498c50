/*
 * Per-process page tables: the lower half of an address space's PML4.
 * See pgtable.c.  Callers serialize changes to one PML4 and flush TLBs
 * themselves (flush_tlb_mm_page), except user_free_page_tables.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <stdint.h>

#define PTE_U		0x004		/* user accessible */
#define PTE_PROTNONE	(1ULL << 9)	/* software bit: P clear, frame kept (PROT_NONE) */

/* A new PML4: lower half empty, upper half the kernel's.  NULL if no page. */
uint64_t *pgd_alloc(void);
/* Frees a PML4 whose lower half user_free_page_tables emptied. */
void pgd_free(uint64_t *pgd);
/*
 * Maps the user page va to frame pa with prot (PROT_*; PROT_NONE keeps the
 * frame, not present).  Allocates tables as needed.  0 or -ENOMEM.
 */
int user_map_page(uint64_t *pgd, unsigned long va, uint64_t pa, unsigned int prot);
/* Clears va's PTE; returns the frame it held, or 0.  Does not flush. */
uint64_t user_unmap_page(uint64_t *pgd, unsigned long va);
/* The frame mapped at va (also under PROT_NONE), or 0. */
uint64_t user_page_frame(uint64_t *pgd, unsigned long va);
/* The raw PTE of va, or 0 (for tests of the bits). */
uint64_t user_lookup_pte(uint64_t *pgd, unsigned long va);
/* Rewrites the protection of the mapped page va.  Does not flush. */
void user_protect_page(uint64_t *pgd, unsigned long va, unsigned int prot);
/*
 * Frees every lower-half table of a PML4 whose pages are all unmapped,
 * flushing this CPU first if it has pgd loaded.  No other CPU may have it
 * loaded (mmu_context.c checks).  Any context that may take the page
 * allocator's lock: it keeps interrupts off itself while it works.
 */
void user_free_page_tables(uint64_t *pgd);

#endif
