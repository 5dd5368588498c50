/*
 * Exceptions and interrupt dispatch: everything entry.S hands to C.
 *
 * Exceptions in the kernel are bugs, and each gets Linux's report:
 *   #UD on a __bug_table address   WARN (resume) or "kernel BUG at" (die)
 *   #PF                            "BUG: unable to handle page fault ..."
 *   #GP                            "general protection fault: ..."
 * except that a #PF or #GP at an instruction listed in the exception table
 * (a user copy meeting a bad pointer, <asm/extable.h>) is no bug: the
 * handler resumes at the listed fixup and nothing is reported.
 *   #DF                            on its own stack; "stack guard page was
 *                                  hit" when the fault address is a guard
 *   NMI                            the stop signal during a panic
 * A fatal report ends in die(): a negative test that expected it gets
 * control back, anything else panics.
 *
 * An exception in a user program (the frame's CS has RPL 3) is no kernel
 * bug and gets no report: the program is killed with Linux's one line on
 * the console and the signal Linux sends (#PF, #GP SIGSEGV; #UD SIGILL;
 * #DE SIGFPE), and it dies on its way back to ring 3 (exit_to_user_mode).
 * Like Linux 6.1 the line ends in " in PROG[start+size]" when the faulting
 * instruction is in one of the program's segments; Linux's "likely on
 * CPU ..." is left out.
 *
 * Device and IPI vectors go to the handler registered for them, counted as
 * hard interrupt context in the preempt count, then the local APIC is told
 * the interrupt is done (EOI).  On the way out, if a handler asked for a
 * reschedule and the interrupted code can be preempted, the scheduler runs
 * on the interrupted task's stack; the task resumes through the same IRET
 * when it is next picked.  From ring 3 the exit is exit_to_user_mode,
 * which also preempts, and acts on a pending fatal signal.
 */
#include <asm/traps.h>
#include "report.h"
#include "panic.h"
#include "printk.h"
#include "vmap.h"
#include <asm/apic.h>
#include "task.h"
#include <asm/x86.h>
#include "preempt.h"
#include "sched.h"
#include "atomic.h"
#include <asm/extable.h>
#include <asm/boot_defs.h>
#include "signal.h"
#include "vm.h"
#include "string.h"
#include "printf.h"

extern struct bug_entry __bug_table_start[], __bug_table_end[];

static irq_handler_t irq_handlers[256];

static const char *const exception_names[32] = {
	"divide error", "debug", "nmi", "int3", "overflow", "bounds",
	"invalid opcode", "device not available", "double fault", "coprocessor segment overrun",
	"invalid TSS", "segment not present", "stack segment", "general protection fault",
	"page fault", "spurious interrupt bug", "coprocessor error", "alignment check",
	"machine check", "simd error", "virtualization exception", "control protection",
};

void set_irq_handler(int vector, irq_handler_t fn)
{
	irq_handlers[vector] = fn;
}

/*
 * Sets (done) or clears BUGFLAG_DONE in a bug-table entry; returns the
 * flags before.  The flags are a u16 the assembler lays out, so they cannot
 * be an atomic_t; the compare-and-swap keeps two CPUs that hit the same
 * WARN_ON_ONCE from both deciding they are first.
 */
static uint16_t bug_mark_done(struct bug_entry *b, bool done)
{
	uint16_t old = READ_ONCE(b->flags), new;

	do {
		new = done ? old | BUGFLAG_DONE : old & ~BUGFLAG_DONE;
	} while (!try_cmpxchg(&b->flags, &old, new));	/* a failure updates old */
	return old;
}

void clear_warn_once(void)
{
	for (struct bug_entry *b = __bug_table_start; b < __bug_table_end; b++)
		bug_mark_done(b, false);
}

static struct bug_entry *find_bug(unsigned long addr)
{
	for (struct bug_entry *b = __bug_table_start; b < __bug_table_end; b++)
		if (b->addr == addr)
			return b;
	return NULL;
}

static void oops_tail(const struct pt_regs *regs, const char *kind)
{
	char title[TITLE_MAX];

	print_cpu_line();
	show_regs(regs);
	show_trace_regs(regs);
	printk(KERN_EMERG END_TRACE);
	report_title_regs(title, kind, regs);
	die(report_end(title));
}

static void handle_warn(struct pt_regs *regs, struct bug_entry *bug)
{
	char title[TITLE_MAX];
	bool claimed;

	if (!(bug->flags & BUGFLAG_NO_CUT_HERE)) {
		report_begin();
		printk(KERN_WARNING "------------[ cut here ]------------\n");
	}
	/* Every path here holds the report lock, which serialises the count. */
	WRITE_ONCE(warn_count, warn_count + 1);
	printk(KERN_WARNING "WARNING: CPU: %d PID: %d at %s:%u %pS\n",
	       smp_processor_id(), current->pid, bug->file, bug->line, (void *)regs->rip);
	print_cpu_line();
	show_regs(regs);
	show_trace(regs->rbp);
	printk(KERN_WARNING END_TRACE);
	if (bug->flags & BUGFLAG_ODEBUG)	/* syzbot's title: the code that freed or queued */
		report_title_from_trace(title, "WARNING: ODEBUG bug", regs->rbp);
	else
		report_title_at(title, "WARNING", regs->rip);
	claimed = report_end(title);
	(void)claimed;	/* a WARN resumes whether or not a test expected it */
	report_check_panic_on_warn(title);
}

/* #UD: a WARN or BUG site, or a genuinely invalid instruction. */
static void handle_invalid_op(struct pt_regs *regs)
{
	struct bug_entry *bug = find_bug(regs->rip);

	if (bug && (bug->flags & BUGFLAG_WARNING)) {
		uint16_t old = bug_mark_done(bug, true);

		if (!(old & BUGFLAG_ONCE) || !(old & BUGFLAG_DONE))
			handle_warn(regs, bug);
		regs->rip += 2;	/* step over the ud2 */
		return;
	}
	report_begin();
	if (bug) {
		printk(KERN_EMERG "------------[ cut here ]------------\n");
		printk(KERN_EMERG "kernel BUG at %s:%u!\n", bug->file, bug->line);
		printk(KERN_EMERG "Oops: invalid opcode: 0000 [#1] SMP\n");
		oops_tail(regs, "kernel BUG");
	}
	printk(KERN_EMERG "invalid opcode: 0000 [#1] SMP\n");
	oops_tail(regs, "invalid opcode");
}

/* A fault the kernel expected: resume at its fixup (kernel mode only). */
static bool fixup_kernel_fault(struct pt_regs *regs)
{
	return (regs->cs & 3) == 0 && fixup_exception(regs);
}

/* Page-fault error code bits (SDM 4.7). */
#define PF_PROT		0x01	/* 0: page not present; 1: protection violation */
#define PF_WRITE	0x02
#define PF_USER		0x04	/* the access came from ring 3 */
#define PF_INSTR	0x10

static void handle_page_fault(struct pt_regs *regs)
{
	unsigned long addr = read_cr2();
	unsigned long err = regs->error_code;

	if (fixup_kernel_fault(regs))
		return;
	report_begin();
	printk(KERN_EMERG "BUG: unable to handle page fault for address: %016lx\n", addr);
	printk(KERN_EMERG "#PF: %s %s access in %s mode\n", (err & PF_USER) ? "user" : "supervisor",
	       (err & PF_INSTR) ? "instruction fetch" :
	       (err & PF_WRITE) ? "write" :
				  "read",
	       (regs->cs & 3) ? "user" : "kernel");
	printk(KERN_EMERG "#PF: error_code(0x%04lx) - %s\n", err,
	       (err & PF_PROT) ? "permissions violation" : "not-present page");
	/* A present user page the kernel tried to run: SMEP said no. */
	if ((err & (PF_PROT | PF_INSTR | PF_USER)) == (PF_PROT | PF_INSTR) && addr < TASK_SIZE_MAX)
		printk(KERN_EMERG "unable to execute userspace code (SMEP?) (uid: 0)\n");
	printk(KERN_EMERG "Oops: %04lx [#1] SMP\n", err);
	oops_tail(regs, "BUG: unable to handle page fault");
}

/*
 * #DF runs on its own IST stack: usually the kernel stack overflowed into
 * its guard page, so the CPU could not even push the page fault's frame.
 * The frames below the guard are intact, so the report can still walk them.
 */
static void handle_double_fault(struct pt_regs *regs)
{
	unsigned long addr = read_cr2();
	const char *what = "double fault";
	char title[TITLE_MAX];

	report_begin();
	if (vmap_stack_guard_hit(addr)) {
		what = "BUG: stack guard page was hit";
		printk(KERN_EMERG "BUG: stack guard page was hit at %016lx (stack is %016lx..%016lx)\n",
		       addr, current->stack_top - current->stack_size, current->stack_top - 1);
	}
	printk(KERN_EMERG "kernel stack overflow (double-fault): 0000 [#1] SMP\n");
	print_cpu_line();
	show_regs(regs);
	show_trace(regs->rbp);
	printk(KERN_EMERG END_TRACE);
	report_title_from_trace(title, what, regs->rbp);
	die(report_end(title));
}

static void handle_other_exception(struct pt_regs *regs)
{
	const char *name = exception_names[regs->vector] ? exception_names[regs->vector] : "exception";

	report_begin();
	printk(KERN_EMERG "%s: %04lx [#1] SMP\n", name, (unsigned long)regs->error_code);
	oops_tail(regs, name);
}

/*
 * Linux's print_vma_addr: " in PROG[start+size]" when ip is in a segment
 * of the program (the VMA that holds it), else nothing.  The task's own
 * VMAs: only it changes them, and it is here.
 */
static void vma_suffix(char *buf, size_t size, unsigned long ip)
{
	struct mm_struct *mm = current->mm;
	struct vm_area *vma = mm ? find_vma(mm, ip) : NULL;
	const char *name;

	buf[0] = '\0';
	if (!vma || vma->start > ip || !(vma->flags & VM_IMAGE) || !mm->exe_path)
		return;
	name = strrchr(mm->exe_path, '/');
	snprintf(buf, size, " in %s[%lx+%lx]", name ? name + 1 : mm->exe_path, vma->start,
		 vma->end - vma->start);
}

/*
 * An exception in ring 3: Linux's line, then the signal.  The #PF line is
 * show_signal_msg's, the others show_signal's ("traps: " is its pr_fmt).
 */
static void do_user_exception(struct pt_regs *regs)
{
	unsigned long v = regs->vector;
	struct task *t = current;
	int sig = SIGSEGV;
	char where[64];

	vma_suffix(where, sizeof(where), regs->rip);
	if (v == X86_TRAP_PF) {
		pr_info("%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx%s\n", t->comm,
			t->pid, (unsigned long)read_cr2(), (unsigned long)regs->rip,
			(unsigned long)regs->rsp, (unsigned long)regs->error_code, where);
	} else {
		if (v == X86_TRAP_DE)
			sig = SIGFPE;
		else if (v == X86_TRAP_UD)
			sig = SIGILL;
		pr_info("traps: %s[%d] %s%s ip:%lx sp:%lx error:%lx%s\n", t->comm, t->pid,
			v == X86_TRAP_GP ? "" : "trap ",
			exception_names[v] ? exception_names[v] : "exception",
			(unsigned long)regs->rip, (unsigned long)regs->rsp,
			(unsigned long)regs->error_code, where);
	}
	force_sig(sig);
}

void do_interrupt(struct pt_regs *regs)
{
	unsigned long v = regs->vector;

	if (user_mode(regs) && v < FIRST_EXTERNAL_VECTOR && v != X86_TRAP_NMI) {
		do_user_exception(regs);
		exit_to_user_mode();
		return;
	}
	switch (v) {
	case X86_TRAP_UD:
		handle_invalid_op(regs);
		return;
	case X86_TRAP_PF:
		handle_page_fault(regs);
		return;
	case X86_TRAP_DF:
		handle_double_fault(regs);
		return;
	case X86_TRAP_NMI:
		nmi_handler(regs);
		return;
	}
	if (v == X86_TRAP_GP && fixup_kernel_fault(regs))
		return;		/* a user copy at a non-canonical address */
	if (v < FIRST_EXTERNAL_VECTOR) {
		handle_other_exception(regs);
		return;
	}
	if (v == SPURIOUS_APIC_VECTOR)
		return;		/* the APIC wants no EOI for these */
	this_cpu_add(preempt_count_pcpu, HARDIRQ_OFFSET);
	if (irq_handlers[v])
		irq_handlers[v](regs);
	else
		pr_warn("irq: unexpected interrupt on vector %lu\n", v);
	apic_eoi();
	this_cpu_sub(preempt_count_pcpu, HARDIRQ_OFFSET);
	/* Preempt the interrupted task if a handler asked and it allows it. */
	if (user_mode(regs))
		exit_to_user_mode();
	else if (need_resched() && preempt_count() == 0 && (regs->rflags & X86_EFLAGS_IF))
		preempt_schedule_irq();
}
