/*
 * Which address space each CPU has loaded, and when TLBs need flushing.
 *
 * Each CPU keeps active_mm: the address space whose PML4 is in its CR3
 * (NULL: the kernel's own PML4), holding an mm_count reference on it.
 * At a context switch (switch_mm_irqs_off, from the scheduler):
 *
 *   - to a task with an mm: load it unless it is loaded already;
 *   - to a kernel thread (mm NULL): keep whatever is loaded.  This is
 *     Linux's lazy TLB: a kernel thread only touches the upper half, the
 *     same in every PML4, so the CR3 write and the TLB flush it brings can
 *     be skipped; if the next process is the previous one, its TLB entries
 *     survive.  The reference keeps the borrowed PML4 alive even if its
 *     process exits meanwhile (its user pages and lower tables are gone,
 *     the PML4's upper half is all the kernel thread needs);
 *   - to the idle task: give the borrowed mm back and load the kernel's
 *     PML4.  An idle CPU gains nothing from it, and keeping it would pin a
 *     dead process's PML4 until the CPU next ran a process, perhaps never.
 *
 * The reference given up is dropped by finish_mm_switch() once the run
 * queue is unlocked, as Linux drops rq->prev_mm in finish_task_switch.
 *
 * When no TLB shootdown is needed.  A CPU can hold translations of an mm
 * (TLB entries, cached upper-level entries) only while it has that mm
 * loaded: loading another PML4 flushes every non-global entry (ringlet
 * uses no PCIDs), and user entries are never global.  mm->cpumask is that
 * set of CPUs.  So after a change to mm's page tables on CPU c, a local
 * invlpg is enough exactly when cpumask is empty or {c}.  Today it is,
 * because:
 *   1. tasks never change CPU;
 *   2. every task that uses an mm runs on one CPU, its owner's: one task
 *      per mm, and kernel threads borrow it (kthread_use_mm, lazily) only
 *      there;
 *   3. every change (mmap, munmap, mprotect, the last mmput) is made by that
 *      CPU, or while no CPU has the mm loaded (building it, dup_mm's child).
 * Threads on other CPUs (clone(CLONE_VM)), an SQPOLL thread on its own CPU
 * using a process's mm, migration, or a process reaped by another CPU
 * while its own still holds it lazily, each break a rule; then
 * tlb_check_no_remote() warns, from kthread_use_mm and at the start of
 * every call that changes an mm's tables.  The fix is Linux's: IPI the CPUs in cpumask to flush
 * (flush_tlb_mm_range), lazy ones switching to the kernel's PML4.
 */
#include "vm.h"
#include "task.h"
#include "smp.h"
#include "mm.h"
#include "panic.h"
#include <asm/paging.h>
#include <asm/x86.h>

DEFINE_PER_CPU(struct mm_struct *, active_mm);
static DEFINE_PER_CPU(struct mm_struct *, mm_to_drop);

static long this_cpu_bit(void)
{
	return 1L << smp_processor_id();
}

/* Loads next (NULL: the kernel's PML4) on this CPU.  Interrupts off. */
static void load_mm(struct mm_struct *next)
{
	struct mm_struct *prev = this_cpu_read(active_mm);

	if (next) {
		mmgrab(next);
		/* In cpumask before CR3 points to it: a changer must know we may cache it. */
		atomic_long_or(this_cpu_bit(), &next->cpumask);
		write_cr3(__pa(next->pgd));
	} else {
		write_cr3(kernel_cr3());
	}
	/* The CR3 write flushed prev's entries: this CPU holds none any more. */
	if (prev)
		atomic_long_fetch_andnot(this_cpu_bit(), &prev->cpumask);
	this_cpu_write(active_mm, next);
	BUG_ON(this_cpu_read(mm_to_drop));
	this_cpu_write(mm_to_drop, prev);
}

void switch_mm_irqs_off(struct mm_struct *next, bool to_idle)
{
	if (!next && !to_idle)
		return;		/* lazy: a kernel thread runs on what is loaded */
	if (next != this_cpu_read(active_mm))
		load_mm(next);
}

void finish_mm_switch(void)
{
	struct mm_struct *mm = this_cpu_read(mm_to_drop);

	if (mm) {
		this_cpu_write(mm_to_drop, NULL);
		mmdrop(mm);
	}
}

void kthread_use_mm(struct mm_struct *mm)
{
	unsigned long flags;

	WARN_ON(current->mm);
	tlb_check_no_remote(mm);
	/* Both at once, so the scheduler never sees current->mm set but not loaded. */
	flags = local_irq_save();
	current->mm = mm;
	switch_mm_irqs_off(mm, false);
	finish_mm_switch();
	local_irq_restore(flags);
}

void kthread_unuse_mm(struct mm_struct *mm)
{
	WARN_ON(current->mm != mm);
	current->mm = NULL;
}

__noinline void tlb_check_no_remote(struct mm_struct *mm)
{
	long others = atomic_long_read(&mm->cpumask) & ~this_cpu_bit();

	WARN(others, "mm %p is loaded on CPUs %#lx and used on CPU %d: a TLB shootdown would be needed\n",
	     mm, others, smp_processor_id());
}

/*
 * Preemption between the test and the invlpg is harmless: any change of
 * active_mm reloads CR3, which flushes everything anyway.
 */
void flush_tlb_mm_page(struct mm_struct *mm, unsigned long va)
{
	if (this_cpu_read(active_mm) == mm)
		invlpg(va);
}
