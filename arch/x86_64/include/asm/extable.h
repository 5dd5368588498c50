/*
 * The exception table: which faulting instructions are expected to fault.
 *
 * Each entry pairs the address of an instruction that may fault on
 * purpose (a load or store of user memory in copy_user.S) with the
 * address to resume at when it does.  The entries live in the __ex_table
 * section, which linker.ld gathers between __start___ex_table and
 * __stop___ex_table.
 *
 * Format: two absolute 64-bit addresses.  ringlet is linked at a fixed
 * address and never relocated, so absolute is the simplest thing that
 * works.  Linux stores 32-bit offsets relative to the entry (half the
 * size, and correct after KASLR moves the kernel) plus a handler type;
 * ringlet has only one kind of fixup: resume at the fixup address.
 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#include <stdbool.h>
#include <asm/ptrace.h>

struct exception_table_entry {
	unsigned long insn;	/* an instruction that may fault */
	unsigned long fixup;	/* where to resume when it does */
};

/*
 * Called by the #PF and #GP handlers for a fault in kernel mode.  If
 * regs->rip is in the table, points regs->rip at its fixup and returns
 * true (the IRET then resumes there); otherwise changes nothing and
 * returns false, and the fault is a bug.  Any context; takes no locks.
 */
bool fixup_exception(struct pt_regs *regs);

#endif
