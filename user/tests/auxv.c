/*
 * The initial stack and the auxiliary vector a program starts with:
 * argc, argv and envp laid out as the psABI says, AT_PAGESZ, AT_RANDOM's
 * 16 bytes, AT_EXECFN naming the program, AT_PHDR/AT_PHENT/AT_PHNUM
 * describing this very binary, AT_ENTRY its entry point, the IDs.
 */
#include <elf.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <unistd.h>
#include "test.h"

extern void _start(void);

static void program_headers(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	unsigned long n = getauxval(AT_PHNUM), loads = 0, entry = getauxval(AT_ENTRY);
	int entry_in_exec = 0;

	CHECK(ph != NULL);
	CHECK_EQ(getauxval(AT_PHENT), sizeof(Elf64_Phdr));
	CHECK(n >= 2 && n < 64);
	if (!ph)
		return;
	for (unsigned long i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		loads++;
		/* A static non-PIE binary: addresses are the link addresses. */
		if ((ph[i].p_flags & PF_X) && entry >= ph[i].p_vaddr &&
		    entry < ph[i].p_vaddr + ph[i].p_memsz)
			entry_in_exec = 1;
	}
	CHECK(loads >= 1);
	CHECK(entry_in_exec);
	CHECK_EQ(entry, (unsigned long)(uintptr_t)_start);
}

int main(int argc, char **argv, char **envp)
{
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	int nonzero = 0;

	CHECK_EQ(getauxval(AT_PAGESZ), 4096);
	CHECK_EQ(sysconf(_SC_PAGESIZE), 4096);
	CHECK(rnd != NULL);
	for (int i = 0; rnd && i < 16; i++)
		nonzero += rnd[i] != 0;
	CHECK(nonzero > 0);
	CHECK(execfn != NULL);
	CHECK(execfn && strcmp(execfn, argv[0]) == 0);
	/* argv, NULL, envp contiguous on the stack, argc just below argv. */
	CHECK_EQ(((long *)argv)[-1], argc);
	CHECK(argv[argc] == NULL);
	CHECK(envp == argv + argc + 1);
	CHECK_EQ(getauxval(AT_SECURE), 0);
	CHECK_EQ(getauxval(AT_UID), getuid());
	CHECK_EQ(getauxval(AT_GID), getgid());
	program_headers();
	return t_exit();
}
