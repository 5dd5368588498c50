/*
 * Self-tests of kallsyms.c (suite kallsyms): an address inside a known
 * function resolves to its name, start and size (also through "%pS"), a
 * name resolves back to its address, and what is not in the table
 * resolves to nothing.
 */
#include "ktest.h"
#include "kallsyms.h"
#include "string.h"
#include "printf.h"

KTEST(kallsyms, lookup_known_function)
{
	unsigned long start, size;
	const char *name = kallsyms_lookup((unsigned long)kallsyms_lookup + 3, &start, &size);
	char buf[64];

	ASSERT_NOT_NULL(name);
	EXPECT_STREQ(name, "kallsyms_lookup");
	EXPECT_EQ(start, (unsigned long)kallsyms_lookup);
	EXPECT_GT(size, 3);
	EXPECT_EQ(kallsyms_lookup_name("kallsyms_lookup"), (unsigned long)kallsyms_lookup);
	snprintf(buf, sizeof(buf), "%pS", (void *)((unsigned long)kallsyms_lookup + 3));
	EXPECT_EQ(strncmp(buf, "kallsyms_lookup+0x3/0x", 22), 0);
}

KTEST(kallsyms, unknown_address)
{
	unsigned long start, size;

	EXPECT_NULL(kallsyms_lookup(0x1000, &start, &size));
	EXPECT_EQ(kallsyms_lookup_name("no_such_function_anywhere"), 0);
}
