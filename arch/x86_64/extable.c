/*
 * Searching the exception table (format in <asm/extable.h>).
 *
 * The table is read-only after link time and only the copy loops in
 * copy_user.S add entries, a handful in all, so a linear scan is both the
 * simplest search and fast enough.  Linux sorts its thousands of entries
 * at build time and searches them by bisection.
 */
#include <asm/extable.h>
#include <stddef.h>

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

static const struct exception_table_entry *search_exception_table(unsigned long addr)
{
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == addr)
			return e;
	return NULL;
}

bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_table(regs->rip);

	if (!e)
		return false;
	regs->rip = e->fixup;
	return true;
}
