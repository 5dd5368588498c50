/*
 * Symbol lookup from the table embedded in the kernel at link time (see
 * scripts/kallsyms.py): every function's start address, size and name, so
 * reports can print "name+0xoff/0xsize" with no host tool.
 */
#ifndef KALLSYMS_H
#define KALLSYMS_H

#include <stddef.h>
#include <stdbool.h>

/*
 * Finds the function containing addr.  On success returns its name and sets
 * *start and *size; returns NULL if addr is in no known function.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *start, unsigned long *size);

/* Address of the function called name, or 0. */
unsigned long kallsyms_lookup_name(const char *name);

/*
 * Writes "name+0xoff/0xsize" (or just "name" when !with_offset) into buf;
 * if addr is in no known function, writes its raw hex.  Returns the number
 * of characters written excluding the NUL (like scnprintf).
 */
int sprint_symbol(char *buf, size_t size, unsigned long addr, bool with_offset);

#endif
