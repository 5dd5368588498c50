/*
 * The physical page allocator.
 *
 * A bitmap with one bit per page frame (1 = in use) and a "next fit" hint:
 * a search starts where the last one ended, so a run of single-page
 * allocations does not rescan the full low part of memory each time.  Runs
 * of several pages (large kmallocs, per-CPU areas) use the same next-fit
 * scan.  The bitmap is simple to read and to check, which matters more
 * here than the O(1) of a buddy allocator.
 *
 * At boot every frame starts reserved; the usable ranges of the multiboot2
 * memory map are then freed, and the ranges that are in use already (low
 * memory below 1 MiB, the kernel image, GRUB's boot information, the
 * initramfs GRUB loaded (kept: its self-test unpacks it again) and the
 * allocator's own bitmap and struct page array) reserved again.
 */
#include "fault_inject.h"
#include "debugobjects.h"
#include "mm.h"
#include <asm/multiboot2.h>
#include "spinlock.h"
#include "string.h"
#include "printk.h"
#include "panic.h"

extern char _end[];

#define MAX_PHYS	(4ULL << 30)	/* the boot page tables map 4 GiB */
#define LOW_RESERVED	(1ULL << 20)

static DEFINE_SPINLOCK(page_lock);
static uint64_t *frame_map;
static struct page *page_array;
static size_t max_pfn;
static size_t free_count;
static size_t total_count;
static size_t search_hint;

static bool frame_used(size_t pfn)
{
	return frame_map[pfn / 64] & (1ULL << (pfn % 64));
}

static void mark_range(uint64_t start, uint64_t end, bool used)
{
	for (size_t pfn = start >> PAGE_SHIFT; pfn < (end >> PAGE_SHIFT) && pfn < max_pfn; pfn++) {
		if (frame_used(pfn) == used)
			continue;
		frame_map[pfn / 64] ^= 1ULL << (pfn % 64);
		if (used)
			free_count--;
		else
			free_count++;
		page_array[pfn].use = used ? PAGE_RESERVED : PAGE_FREE;
	}
}

/* Finds room for the allocator's own metadata above every fixed reservation. */
static uint64_t place_metadata(uint64_t bytes, uint64_t floor)
{
	for (int i = 0; i < boot_info.nr_mmap; i++) {
		const struct mb_mmap_entry *e = &boot_info.mmap[i];
		uint64_t start = ALIGN_UP(max(e->base, floor), PAGE_SIZE);

		if (e->type == 1 && start + bytes <= e->base + e->len && start + bytes <= MAX_PHYS)
			return start;
	}
	panic("page_alloc: no room for %llu bytes of page metadata", (unsigned long long)bytes);
}

void page_alloc_init(void)
{
	uint64_t kernel_end = __pa(_end);
	uint64_t info_end = boot_info.info_phys + boot_info.info_size;
	uint64_t initrd_end = boot_info.initrd_phys + boot_info.initrd_size;
	uint64_t map_bytes, array_bytes, meta;

	for (int i = 0; i < boot_info.nr_mmap; i++) {
		const struct mb_mmap_entry *e = &boot_info.mmap[i];

		if (e->type == 1)
			max_pfn = max(max_pfn, (size_t)(min(e->base + e->len, MAX_PHYS) >> PAGE_SHIFT));
	}
	map_bytes = ALIGN_UP(DIV_ROUND_UP(max_pfn, 64) * 8, 64);
	array_bytes = max_pfn * sizeof(struct page);
	meta = place_metadata(map_bytes + array_bytes, max(max(kernel_end, info_end), initrd_end));
	frame_map = __va(meta);
	page_array = __va(meta + map_bytes);
	memset(frame_map, 0xff, map_bytes);
	memset(page_array, 0, array_bytes);
	for (size_t pfn = 0; pfn < max_pfn; pfn++)
		page_array[pfn].use = PAGE_RESERVED;

	for (int i = 0; i < boot_info.nr_mmap; i++) {
		const struct mb_mmap_entry *e = &boot_info.mmap[i];

		if (e->type == 1)
			mark_range(ALIGN_UP(e->base, PAGE_SIZE), ALIGN_DOWN(e->base + e->len, PAGE_SIZE), false);
	}
	mark_range(0, LOW_RESERVED, true);
	mark_range(0x100000, ALIGN_UP(kernel_end, PAGE_SIZE), true);
	mark_range(ALIGN_DOWN(boot_info.info_phys, PAGE_SIZE), ALIGN_UP(info_end, PAGE_SIZE), true);
	mark_range(ALIGN_DOWN(boot_info.initrd_phys, PAGE_SIZE), ALIGN_UP(initrd_end, PAGE_SIZE),
		   true);
	mark_range(meta, ALIGN_UP(meta + map_bytes + array_bytes, PAGE_SIZE), true);
	total_count = free_count;
	pr_info("mm: %zu MiB usable, %zu pages free, metadata at %#llx\n",
		(free_count * PAGE_SIZE) >> 20, free_count, (unsigned long long)meta);
}

/* Returns the first pfn of n free frames at or after from, or max_pfn. */
static size_t find_run(size_t from, size_t n)
{
	size_t run = 0;

	for (size_t pfn = from; pfn < max_pfn; pfn++) {
		if (run == 0 && pfn % 64 == 0 && frame_map[pfn / 64] == ~0ULL) {
			pfn += 63;
			continue;
		}
		run = frame_used(pfn) ? 0 : run + 1;
		if (run == n)
			return pfn + 1 - n;
	}
	return max_pfn;
}

void *alloc_pages(size_t n)
{
	return should_fail_alloc(&fail_page_alloc) ? NULL : __alloc_pages(n);
}

void *__alloc_pages(size_t n)
{
	unsigned long flags;
	size_t pfn;

	if (n == 0 || n > max_pfn)
		return NULL;
	flags = spin_lock_irqsave(&page_lock);
	pfn = find_run(search_hint, n);
	if (pfn == max_pfn)
		pfn = find_run(0, n);
	if (pfn == max_pfn) {
		spin_unlock_irqrestore(&page_lock, flags);
		return NULL;
	}
	for (size_t i = pfn; i < pfn + n; i++) {
		frame_map[i / 64] |= 1ULL << (i % 64);
		memset(&page_array[i], 0, sizeof(page_array[i]));
		page_array[i].use = PAGE_ALLOCATED;
	}
	free_count -= n;
	search_hint = pfn + n;
	spin_unlock_irqrestore(&page_lock, flags);
	return __va((uint64_t)pfn << PAGE_SHIFT);
}

void free_pages(void *va, size_t n)
{
	size_t pfn = __pa(va) >> PAGE_SHIFT;
	unsigned long flags;

	BUG_ON(pfn + n > max_pfn || ((unsigned long)va & (PAGE_SIZE - 1)));
	debug_check_no_obj_freed(va, n * PAGE_SIZE);
	flags = spin_lock_irqsave(&page_lock);
	for (size_t i = pfn; i < pfn + n; i++) {
		BUG_ON(!frame_used(i) || page_array[i].use == PAGE_RESERVED);
		frame_map[i / 64] &= ~(1ULL << (i % 64));
		page_array[i].use = PAGE_FREE;
	}
	free_count += n;
	spin_unlock_irqrestore(&page_lock, flags);
}

void *get_zeroed_page(void)
{
	void *p = alloc_page();

	if (p)
		memset(p, 0, PAGE_SIZE);
	return p;
}

size_t nr_free_pages(void)
{
	return READ_ONCE(free_count);
}

size_t nr_total_pages(void)
{
	return total_count;
}

uint64_t phys_mem_end(void)
{
	return (uint64_t)max_pfn << PAGE_SHIFT;
}

struct page *virt_to_page(const void *va)
{
	unsigned long v = (unsigned long)va;
	size_t pfn;

	if (v < DIRECT_MAP_BASE || (v >= VMAP_BASE && v < KERNEL_VMA))
		return NULL;
	pfn = __pa(va) >> PAGE_SHIFT;
	return pfn < max_pfn ? &page_array[pfn] : NULL;
}

void *page_to_virt(const struct page *page)
{
	return __va((uint64_t)(page - page_array) << PAGE_SHIFT);
}
