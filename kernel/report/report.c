/*
 * Beginning and ending crash reports (see include/report.h).
 *
 * The report lock is a spinlock that the owning CPU may take again: a fault
 * inside a report starts a nested report instead of deadlocking.  It does
 * not touch the interrupt flag, because a WARN's lock is taken in
 * __warn_printk before the trap and released inside the trap handler, and
 * the trap's IRET must restore the flags of the WARN site unchanged.
 */
#include "report.h"
#include "atomic.h"
#include "printk.h"
#include "printf.h"
#include "percpu.h"
#include "kallsyms.h"
#include "string.h"
#include "panic.h"
#include "ktest.h"
#include "task.h"
#include <asm/x86.h>
#include <asm/ptrace.h>

static int report_owner = -1;
static int report_depth;

void report_begin(void)
{
	int me = smp_processor_id();

	if (READ_ONCE(report_owner) != me) {
		int free = -1;

		while (!try_cmpxchg_acquire(&report_owner, &free, me)) {
			free = -1;
			cpu_relax();
		}
	}
	report_depth++;
}

bool report_in_progress_here(void)
{
	return READ_ONCE(report_owner) == smp_processor_id();
}

void report_unlock(void)
{
	if (--report_depth == 0)
		smp_store_release(&report_owner, -1);
}

bool report_end(const char *title)
{
	bool claimed = ktest_claim_report(title);

	report_unlock();
	return claimed;
}

void report_check_panic_on_warn(const char *title)
{
	if (panic_on_warn)
		panic("panic_on_warn set ... (%s)", title);
}

__noreturn void die(bool claimed)
{
	if (claimed)
		ktest_abandon_current();
	panic("Fatal exception");
}

/*
 * Keep in step with tests/report_titles.py, which titles reports the same
 * way for the host checker.  The prefixes are the frames Linux tools skip
 * plus ringlet's own helpers.
 */
static const char *const helper_prefixes[] = {
	"panic", "__warn", "warn_", "report_", "dump_stack", "spin_", "_raw_spin",
	"__might_sleep", "might_sleep", "mutex_", "kmalloc", "kfree", "__kmalloc",
	"atomic", "bug_", "oops_", "ktest_expect", "slab_", "poison_", "die",
	"do_interrupt", "handle_", "exc_", "interrupt_common", "debug_",
};

bool report_is_helper(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(helper_prefixes); i++)
		if (!strncmp(name, helper_prefixes[i], strlen(helper_prefixes[i])))
			return true;
	return false;
}

/*
 * "PREFIX in NAME", with NAME cut at its first '.': GCC names the copies it
 * specializes "f.constprop.0" or "f.isra.0", and a title should name f.
 */
static void format_title(char *buf, const char *prefix, const char *name)
{
	size_t len = strchr(name, '.') ? (size_t)(strchr(name, '.') - name) : strlen(name);

	snprintf(buf, TITLE_MAX, "%s in %.*s", prefix, (int)len, name);
}

void report_title_at(char *buf, const char *prefix, unsigned long addr)
{
	char name[TITLE_MAX];

	sprint_symbol(name, sizeof(name), addr, false);
	format_title(buf, prefix, name);
}

static void title_from_frames(char *buf, const char *prefix, const unsigned long *frames, int n)
{
	unsigned long start, size;

	for (int i = 0; i < n; i++) {
		const char *name = kallsyms_lookup(frames[i] - 1, &start, &size);

		if (name && !report_is_helper(name)) {
			format_title(buf, prefix, name);
			return;
		}
	}
	snprintf(buf, TITLE_MAX, "%s", prefix);
}

void report_title_from_trace(char *buf, const char *prefix, unsigned long rbp)
{
	unsigned long frames[32];

	title_from_frames(buf, prefix, frames, unwind_frames(rbp, frames, ARRAY_SIZE(frames)));
}

void report_title_regs(char *buf, const char *prefix, const struct pt_regs *regs)
{
	unsigned long frames[32], start, size;

	if (kallsyms_lookup(regs->rip, &start, &size)) {
		report_title_at(buf, prefix, regs->rip);
		return;
	}
	title_from_frames(buf, prefix, frames, unwind_regs(regs, frames, ARRAY_SIZE(frames)));
}

__noreturn void report_bug_simple(const char *msg, const char *detail)
{
	unsigned long rbp = (unsigned long)__builtin_frame_address(0);
	char title[TITLE_MAX], what[TITLE_MAX];

	report_begin();
	printk(KERN_EMERG "BUG: %s on CPU#%d, %s\n", msg, smp_processor_id(), current->comm);
	printk(KERN_EMERG " lock: %s\n", detail);
	print_cpu_line();
	show_trace(rbp);
	printk(KERN_EMERG END_TRACE);
	snprintf(what, sizeof(what), "BUG: %s", msg);
	report_title_from_trace(title, what, rbp);
	die(report_end(title));
}
