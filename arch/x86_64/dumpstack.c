/*
 * Printing what the CPU was doing: the "CPU:" line, the register dump and
 * the call trace, in the layout of Linux's arch/x86 dumpstack, so tools
 * written for Linux logs can read ringlet's.
 *
 * The call trace follows frame pointers (the kernel is built with
 * -fno-omit-frame-pointer): each frame starts with the caller's saved RBP
 * and, above it, the return address.  The walk stops at a zero RBP (set at
 * the bottom of every stack), at a frame that is not mapped, or when frames
 * stop going up the stack; it never faults, because a report that faults
 * loses the first report.
 */
#include "report.h"
#include <asm/ptrace.h>
#include "printk.h"
#include <asm/paging.h>
#include "task.h"
#include "percpu.h"
#include <asm/x86.h>
#include "kallsyms.h"

#define MAX_FRAMES	32

extern char _text[], _etext[];

void print_cpu_line(void)
{
	struct task *t = current;

	printk(KERN_EMERG "CPU: %d PID: %d Comm: %s Not tainted ringlet-0.1 #1\n",
	       smp_processor_id(), t->pid, t->comm);
}

static bool readable(unsigned long addr)
{
	return (addr & 7) == 0 && lookup_pte(addr) && lookup_pte(addr + 8);
}

int unwind_frames(unsigned long rbp, unsigned long *frames, int max)
{
	int n = 0;

	while (n < max && rbp && readable(rbp)) {
		unsigned long next = ((unsigned long *)rbp)[0];
		unsigned long ret = ((unsigned long *)rbp)[1];

		if (ret < (unsigned long)_text || ret >= (unsigned long)_etext)
			break;
		frames[n++] = ret;
		if (next <= rbp)
			break;
		rbp = next;
	}
	return n;
}

int unwind_regs(const struct pt_regs *regs, unsigned long *frames, int max)
{
	unsigned long start, size, ret;
	int n = 0;

	/*
	 * RIP in no function means a call or jump into data: nothing has
	 * pushed a frame yet, and the return address is still on top of the
	 * stack.  Start with it, or the culprit would be missing.
	 */
	if (!kallsyms_lookup(regs->rip, &start, &size) && readable(regs->rsp)) {
		ret = *(unsigned long *)regs->rsp;
		if (ret >= (unsigned long)_text && ret < (unsigned long)_etext)
			frames[n++] = ret;
	}
	return n + unwind_frames(regs->rbp, frames + n, max - n);
}

static void print_frames(const unsigned long *frames, int n)
{
	printk(KERN_EMERG "Call Trace:\n");
	for (int i = 0; i < n; i++) {
		unsigned long start, size;
		/* Look up ret - 1: a call that ends its function returns past it. */
		const char *name = kallsyms_lookup(frames[i] - 1, &start, &size);

		if (name)
			printk(KERN_EMERG " %s+0x%lx/0x%lx\n", name, frames[i] - start, size);
		else
			printk(KERN_EMERG " 0x%016lx\n", frames[i]);
	}
}

void show_trace(unsigned long rbp)
{
	unsigned long frames[MAX_FRAMES];

	print_frames(frames, unwind_frames(rbp, frames, MAX_FRAMES));
}

void show_trace_regs(const struct pt_regs *regs)
{
	unsigned long frames[MAX_FRAMES];

	print_frames(frames, unwind_regs(regs, frames, MAX_FRAMES));
}

void show_regs(const struct pt_regs *r)
{
	uint64_t fs = rdmsr(0xc0000100), gs = rdmsr(0xc0000101), kgs = rdmsr(0xc0000102);
	uint16_t ds, es;

	asm volatile("movw %%ds, %0; movw %%es, %1" : "=r"(ds), "=r"(es));
	printk(KERN_EMERG "RIP: %04lx:%pS\n", (unsigned long)r->cs, (void *)r->rip);
	printk(KERN_EMERG "RSP: %04lx:%016lx EFLAGS: %08lx\n",
	       (unsigned long)r->ss, (unsigned long)r->rsp, (unsigned long)r->rflags);
	printk(KERN_EMERG "RAX: %016lx RBX: %016lx RCX: %016lx\n",
	       (unsigned long)r->rax, (unsigned long)r->rbx, (unsigned long)r->rcx);
	printk(KERN_EMERG "RDX: %016lx RSI: %016lx RDI: %016lx\n",
	       (unsigned long)r->rdx, (unsigned long)r->rsi, (unsigned long)r->rdi);
	printk(KERN_EMERG "RBP: %016lx R08: %016lx R09: %016lx\n",
	       (unsigned long)r->rbp, (unsigned long)r->r8, (unsigned long)r->r9);
	printk(KERN_EMERG "R10: %016lx R11: %016lx R12: %016lx\n",
	       (unsigned long)r->r10, (unsigned long)r->r11, (unsigned long)r->r12);
	printk(KERN_EMERG "R13: %016lx R14: %016lx R15: %016lx\n",
	       (unsigned long)r->r13, (unsigned long)r->r14, (unsigned long)r->r15);
	printk(KERN_EMERG "FS:  %016lx(0000) GS:%016lx(0000) knlGS:%016lx\n",
	       (unsigned long)fs, (unsigned long)gs, (unsigned long)kgs);
	printk(KERN_EMERG "CS:  %04lx DS: %04x ES: %04x CR0: %016lx\n",
	       (unsigned long)r->cs, ds, es, (unsigned long)read_cr0());
	printk(KERN_EMERG "CR2: %016lx CR3: %016lx CR4: %016lx\n",
	       (unsigned long)read_cr2(), (unsigned long)read_cr3(), (unsigned long)read_cr4());
}
