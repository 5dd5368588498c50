/*
 * The vmap area (see include/vmap.h).
 *
 * The area is cut into fixed slots of STACK_SLOT bytes: the lowest page of
 * a slot is never mapped (the guard), the THREAD_SIZE above it hold the
 * stack.  A bitmap tracks used slots.  Device mappings come from a separate
 * region above the stacks, handed out by a bump pointer, since devices are
 * mapped once at boot and never unmapped.
 */
#include "debugobjects.h"
#include "vmap.h"
#include <asm/boot_defs.h>
#include <asm/paging.h>
#include "mm.h"
#include "spinlock.h"
#include "panic.h"
#include "smp.h"
#include <asm/x86.h>

#define STACK_SLOT	(THREAD_SIZE + PAGE_SIZE)
#define NR_STACK_SLOTS	1024
#define STACK_AREA	VMAP_BASE
#define IOREMAP_AREA	(VMAP_BASE + (uint64_t)NR_STACK_SLOTS * STACK_SLOT)
#define IOREMAP_SIZE	(1ULL << 30)

static DEFINE_SPINLOCK(vmap_lock);
static uint64_t slot_map[NR_STACK_SLOTS / 64];
static size_t stacks_in_use;
static uint64_t ioremap_next = IOREMAP_AREA;

static unsigned long slot_base(size_t slot)
{
	return STACK_AREA + slot * STACK_SLOT;
}

/* Unmaps a stack's pages (this CPU's TLB only) and stores their physical addresses. */
static void unmap_stack_pages(unsigned long stack, size_t mapped, uint64_t *pa)
{
	for (size_t i = 0; i < mapped; i++)
		pa[i] = unmap_page(stack + i * PAGE_SIZE);
}

static void free_stack_pages(const uint64_t *pa, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free_page(__va(pa[i]));
}

static void flush_local(void *range)
{
	const unsigned long *r = range;

	for (unsigned long va = r[0]; va < r[1]; va += PAGE_SIZE)
		invlpg(va);
}

void *vmap_stack_alloc(void)
{
	unsigned long flags = spin_lock_irqsave(&vmap_lock);
	size_t slot, i;
	unsigned long stack;

	for (slot = 0; slot < NR_STACK_SLOTS; slot++)
		if (!(slot_map[slot / 64] & (1ULL << (slot % 64))))
			break;
	if (slot == NR_STACK_SLOTS) {
		spin_unlock_irqrestore(&vmap_lock, flags);
		return NULL;
	}
	stack = slot_base(slot) + PAGE_SIZE;
	for (i = 0; i < THREAD_SIZE / PAGE_SIZE; i++) {
		void *page = alloc_page();

		if (!page || map_page(stack + i * PAGE_SIZE, __pa(page), PTE_W | PTE_NX | PTE_G)) {
			uint64_t pa[THREAD_SIZE / PAGE_SIZE];

			if (page)
				free_page(page);
			/* Never used, so no other CPU can have cached these. */
			unmap_stack_pages(stack, i, pa);
			free_stack_pages(pa, i);
			spin_unlock_irqrestore(&vmap_lock, flags);
			return NULL;
		}
	}
	slot_map[slot / 64] |= 1ULL << (slot % 64);
	stacks_in_use++;
	spin_unlock_irqrestore(&vmap_lock, flags);
	return (void *)(stack + THREAD_SIZE);
}

void vmap_stack_free(void *top)
{
	unsigned long stack = (unsigned long)top - THREAD_SIZE;
	size_t slot = (stack - PAGE_SIZE - STACK_AREA) / STACK_SLOT;
	unsigned long range[2] = { stack, stack + THREAD_SIZE };
	uint64_t pa[THREAD_SIZE / PAGE_SIZE];
	unsigned long flags;

	BUG_ON(stack < STACK_AREA + PAGE_SIZE || slot >= NR_STACK_SLOTS ||
	       slot_base(slot) + PAGE_SIZE != stack);
	debug_check_no_obj_freed((void *)stack, THREAD_SIZE);	/* on-stack work items, timers */
	flags = spin_lock_irqsave(&vmap_lock);
	BUG_ON(!(slot_map[slot / 64] & (1ULL << (slot % 64))));
	unmap_stack_pages(stack, THREAD_SIZE / PAGE_SIZE, pa);
	spin_unlock_irqrestore(&vmap_lock, flags);
	/*
	 * Every CPU that ran on this stack may still hold its translations:
	 * until they are flushed everywhere, neither the slot nor the pages may
	 * be reused, or a CPU would keep using the old pages through the new
	 * stack's addresses.
	 */
	on_each_cpu(flush_local, range);
	free_stack_pages(pa, THREAD_SIZE / PAGE_SIZE);
	flags = spin_lock_irqsave(&vmap_lock);
	slot_map[slot / 64] &= ~(1ULL << (slot % 64));
	stacks_in_use--;
	spin_unlock_irqrestore(&vmap_lock, flags);
}

int vmap_stack_guard_hit(unsigned long addr)
{
	return addr >= STACK_AREA && addr < IOREMAP_AREA &&
	       (addr - STACK_AREA) % STACK_SLOT < PAGE_SIZE;
}

size_t vmap_stacks_in_use(void)
{
	return READ_ONCE(stacks_in_use);
}

void *ioremap(uint64_t phys, size_t size)
{
	uint64_t offset = phys & (PAGE_SIZE - 1);
	unsigned long flags = spin_lock_irqsave(&vmap_lock);
	uint64_t va = ioremap_next;

	size = ALIGN_UP(size + offset, PAGE_SIZE);
	if (va + size > IOREMAP_AREA + IOREMAP_SIZE)
		panic("ioremap: area exhausted");
	for (uint64_t i = 0; i < size; i += PAGE_SIZE)
		if (map_page(va + i, phys - offset + i, PTE_W | PTE_PCD | PTE_PWT | PTE_NX | PTE_G))
			panic("ioremap: out of memory for page tables");
	ioremap_next += size;
	spin_unlock_irqrestore(&vmap_lock, flags);
	return (void *)(va + offset);
}
