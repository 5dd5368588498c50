/*
 * Per-process page tables.
 *
 * An address space's PML4 has two halves.  Entries 256..511 are copied
 * from the kernel's PML4 when it is made, and are correct for its whole
 * life because those kernel entries never change after boot (paging.c
 * creates them all in paging_init).  Entries 0..255 point to tables of this
 * address space alone, built here on demand and freed only when it ends
 * (munmap leaves empty tables in place, as the kernel's own tables are
 * kept; they go with the address space).
 *
 * A user PTE is P | U, plus W only for PROT_WRITE and NX unless PROT_EXEC.
 * Intermediate entries are P | W | U: x86 applies the most restrictive
 * permission along the walk, so the leaf decides alone.  PROT_NONE keeps
 * the frame in the PTE with P clear and a software bit, as Linux's
 * _PAGE_PROTNONE does: user and kernel accesses fault, and mprotect back
 * to readable finds the frame with its data.
 */
#include <asm/pgtable.h>
#include <asm/paging.h>
#include <asm/boot_defs.h>
#include <asm/x86.h>
#include "uapi/mman.h"
#include "mm.h"
#include "string.h"
#include "errno.h"
#include "panic.h"

#define USER_PML4_ENTRIES	256
#define TABLE_FLAGS		(PTE_P | PTE_W | PTE_U)

static uint64_t *table_of(uint64_t entry)
{
	return __va(entry & PTE_ADDR_MASK);
}

static unsigned int index_of(unsigned long va, int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

uint64_t *pgd_alloc(void)
{
	uint64_t *pgd = get_zeroed_page();

	if (pgd)
		memcpy(pgd + USER_PML4_ENTRIES, (uint64_t *)__va(kernel_cr3()) + USER_PML4_ENTRIES,
		       USER_PML4_ENTRIES * sizeof(*pgd));
	return pgd;
}

void pgd_free(uint64_t *pgd)
{
	for (int i = 0; i < USER_PML4_ENTRIES; i++)
		BUG_ON(pgd[i]);
	free_page(pgd);
}

/* The PTE for user address va, allocating tables on the way if alloc. */
static uint64_t *walk_user(uint64_t *pgd, unsigned long va, bool alloc)
{
	uint64_t *table = pgd;

	BUG_ON(index_of(va, 3) >= USER_PML4_ENTRIES);
	for (int level = 3; level > 0; level--) {
		uint64_t *e = &table[index_of(va, level)];

		if (!(*e & PTE_P)) {
			void *page;

			if (!alloc || !(page = get_zeroed_page()))
				return NULL;
			*e = __pa(page) | TABLE_FLAGS;
		}
		table = table_of(*e);
	}
	return &table[index_of(va, 0)];
}

static uint64_t pte_flags(unsigned int prot)
{
	uint64_t f;

	if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return PTE_PROTNONE;
	f = PTE_P | PTE_U;
	if (prot & PROT_WRITE)
		f |= PTE_W;
	if (!(prot & PROT_EXEC))
		f |= PTE_NX;
	return f;
}

int user_map_page(uint64_t *pgd, unsigned long va, uint64_t pa, unsigned int prot)
{
	uint64_t *pte = walk_user(pgd, va, true);

	if (!pte)
		return -ENOMEM;
	*pte = pa | pte_flags(prot);
	return 0;
}

uint64_t user_unmap_page(uint64_t *pgd, unsigned long va)
{
	uint64_t *pte = walk_user(pgd, va, false);
	uint64_t old;

	if (!pte)
		return 0;
	old = *pte;
	*pte = 0;
	return old & PTE_ADDR_MASK;
}

uint64_t user_lookup_pte(uint64_t *pgd, unsigned long va)
{
	uint64_t *pte = walk_user(pgd, va, false);

	return pte ? *pte : 0;
}

uint64_t user_page_frame(uint64_t *pgd, unsigned long va)
{
	return user_lookup_pte(pgd, va) & PTE_ADDR_MASK;
}

void user_protect_page(uint64_t *pgd, unsigned long va, unsigned int prot)
{
	uint64_t *pte = walk_user(pgd, va, false);

	BUG_ON(!pte || !(*pte & (PTE_P | PTE_PROTNONE)));
	*pte = (*pte & PTE_ADDR_MASK) | pte_flags(prot);
}

/* Frees a table of the given level (2 = PDPT, 1 = PD, 0 = PT) and those below it. */
static void free_table(uint64_t *table, int level)
{
	for (int i = 0; i < 512; i++) {
		if (level > 0 && (table[i] & PTE_P))
			free_table(table_of(table[i]), level - 1);
		else
			BUG_ON(table[i]);	/* a page still mapped would leak its frame */
	}
	free_page(table);
}

void user_free_page_tables(uint64_t *pgd)
{
	/*
	 * The last mmput of an exiting task runs while its CPU still has the
	 * mm loaded (lazily).  Whether it is loaded is sampled once, so the
	 * CPU must not switch meanwhile: preempted between the sample and a
	 * CR3 write below, this would load back a PML4 the CPU had left,
	 * behind active_mm's back, and the next task of that mm would run on
	 * freed tables.  Interrupts off keep the CPU on one mm throughout.
	 */
	unsigned long flags = local_irq_save();
	bool loaded = read_cr3() == __pa(pgd);

	for (int i = 0; i < USER_PML4_ENTRIES; i++) {
		uint64_t e = pgd[i];

		if (!e)
			continue;
		/*
		 * Unhook first, then flush: the CPU caches upper-level entries
		 * (paging-structure caches), so until the flush it may still
		 * walk into these tables, even speculatively.
		 */
		pgd[i] = 0;
		if (loaded)
			write_cr3(__pa(pgd));
		free_table(table_of(e), 2);
	}
	local_irq_restore(flags);
}
