/*
 * The kernel's page tables.
 *
 * Layout (same bases as Linux x86_64, so addresses in reports look familiar):
 *
 *   0xffff888000000000  direct map of all RAM, 2 MiB pages, RW, NX
 *   0xffffc90000000000  vmap area: kernel stacks with guard pages, MMIO
 *   0xffffffff80000000  the kernel image, 4 KiB pages:
 *                         .text    read-only, executable
 *                         .rodata  read-only, NX (includes the symbol table)
 *                         .data .bss  read-write, NX
 *
 * W^X: no page is both writable and executable, so a stray write cannot
 * change code and data can never be run.  CR0.WP makes the kernel itself
 * obey read-only pages.  (The direct map also maps the kernel's physical
 * pages, writable but NX: Linux makes that alias read-only too; ringlet
 * leaves it, and says so in docs/boot.md.)
 *
 * Nothing below 1 MiB and no identity mapping survives: a NULL dereference
 * or a stray low pointer faults.
 *
 * The upper half is fixed at boot: paging_init creates the PDPT of every
 * PML4 entry the kernel will use (direct map, vmap area, image), as Linux
 * preallocates its vmalloc area's tables.  Each process's PML4 copies these
 * entries once (pgtable.c), so a kernel mapping made later (a vmap stack,
 * MMIO) lands in tables every address space already points to.  walk()
 * refuses, with a warning, to add an upper-half PML4 entry after that.
 * (The lower half of this PML4 is never copied: SMP bring-up may map its
 * trampoline there for a moment.)
 */
#include <asm/paging.h>
#include <asm/boot_defs.h>
#include "mm.h"
#include <asm/x86.h>
#include "string.h"
#include "printk.h"
#include "panic.h"

extern char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];

static uint64_t *kernel_pml4;
static size_t page_table_pages;
static bool kernel_pml4_final;	/* every upper-half entry made: copies stay right */

static uint64_t *table_of(uint64_t entry)
{
	return __va(entry & PTE_ADDR_MASK);
}

/* Returns the entry for va at the given level (3 = PDPT ... 0 = PT). */
static uint64_t *walk(unsigned long va, int level, bool alloc)
{
	uint64_t *table = kernel_pml4;

	for (int l = 3; l > level; l--) {
		uint64_t *e = &table[(va >> (12 + 9 * l)) & 511];

		if (!(*e & PTE_P)) {
			void *page;

			if (!alloc || !(page = get_zeroed_page()))
				return NULL;
			if (WARN(l == 3 && (long)va < 0 && kernel_pml4_final,
				 "paging: new kernel PML4 entry for %#lx: address spaces would miss it\n", va)) {
				free_page(page);
				return NULL;
			}
			page_table_pages++;
			/*
			 * In the user half the upper levels allow user access and
			 * each page's own entry decides (U must be set at every level).
			 */
			*e = __pa(page) | PTE_P | PTE_W | (va < TASK_SIZE_MAX ? PTE_U : 0);
		}
		if (*e & PTE_PS)
			return NULL;
		table = table_of(*e);
	}
	return &table[(va >> (12 + 9 * level)) & 511];
}

int map_page(unsigned long va, uint64_t pa, uint64_t flags)
{
	uint64_t *pte = walk(va, 0, true);

	if (!pte)
		return -1;
	*pte = pa | flags | PTE_P;
	invlpg(va);
	return 0;
}

uint64_t unmap_page(unsigned long va)
{
	uint64_t *pte = walk(va, 0, false);
	uint64_t old;

	if (!pte || !(*pte & PTE_P))
		return 0;
	old = *pte;
	*pte = 0;
	invlpg(va);
	return old & PTE_ADDR_MASK;
}

/* Walks the tables CR3 points at, so it also works on the boot tables. */
uint64_t lookup_pte(unsigned long va)
{
	uint64_t e = read_cr3();

	for (int level = 3; level >= 0; level--) {
		e = table_of(e)[(va >> (12 + 9 * level)) & 511];
		if (!(e & PTE_P))
			return 0;
		if (level > 0 && level < 3 && (e & PTE_PS))
			return e;
	}
	return e;
}

static void map_kernel_range(char *start, char *end, uint64_t flags)
{
	for (unsigned long va = (unsigned long)start; va < (unsigned long)end; va += PAGE_SIZE)
		if (map_page(va, __pa((void *)va), flags | PTE_G))
			panic("paging: out of memory mapping the kernel");
}

/* Creates the vmap area's PDPTs (the direct map and image have theirs) and freezes the PML4. */
static void preallocate_kernel_pdpts(void)
{
	for (unsigned long va = VMAP_BASE; va - VMAP_BASE < VMAP_SIZE; va += 1UL << 39)
		if (!walk(va, 2, true))
			panic("paging: out of memory for the vmap area's tables");
	kernel_pml4_final = true;
}

void paging_init(void)
{
	uint64_t end = ALIGN_UP(phys_mem_end(), 2ULL << 20);

	kernel_pml4 = get_zeroed_page();
	if (!kernel_pml4)
		panic("paging: no page for the PML4");

	for (uint64_t pa = 0; pa < end; pa += 2ULL << 20) {
		uint64_t *pde = walk(DIRECT_MAP_BASE + pa, 1, true);

		if (!pde)
			panic("paging: out of memory for the direct map");
		*pde = pa | PTE_P | PTE_W | PTE_PS | PTE_G | PTE_NX;
	}
	map_kernel_range(_text, _etext, 0);
	map_kernel_range(_rodata, _erodata, PTE_NX);
	map_kernel_range(_data, _end, PTE_W | PTE_NX);
	preallocate_kernel_pdpts();

	write_cr3(__pa(kernel_pml4));
	pr_info("paging: direct map %llu MiB, kernel text %zu KiB RX, rodata %zu KiB R, data+bss %zu KiB RW\n",
		(unsigned long long)(end >> 20), (size_t)(_etext - _text) >> 10,
		(size_t)(_erodata - _rodata) >> 10, (size_t)(_end - _data) >> 10);
}

size_t nr_page_table_pages(void)
{
	return READ_ONCE(page_table_pages);
}

uint64_t kernel_cr3(void)
{
	return __pa(kernel_pml4);
}
