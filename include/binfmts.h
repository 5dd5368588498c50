/*
 * Running a program from a file: execve (kernel/fs/exec.c) and the ELF
 * loader it calls (kernel/fs/binfmt_elf.c), Linux's fs/exec.c and
 * fs/binfmt_elf.c in small.  docs/exec.md tells the story: the checks, the
 * new address space, the initial stack, the point of no return.
 *
 * Everything that can fail is done on a new address space that nobody
 * uses yet, so a failed execve returns -errno to a caller that is exactly
 * as it was.  Only then does the task switch to it (the point of no
 * return): nothing after that can fail.
 */
#ifndef BINFMTS_H
#define BINFMTS_H

#include <stddef.h>
#include <stdint.h>
#include "vm.h"
#include "errno.h"

struct file;

/*
 * The stack: [STACK_TOP - STACK_SIZE, STACK_TOP), populated at once like
 * every ringlet mapping (Linux's is 8 MiB that grows on demand).  The
 * strings of argv and envp may take a quarter of it, Linux's rlimit/4
 * rule, which with this size is Linux's floor ARG_MAX (128 KiB).
 */
#define STACK_TOP		TASK_SIZE
#define STACK_SIZE		(512UL << 10)
#define ARG_MAX			(STACK_SIZE / 4)
#define MAX_ARG_STRLEN		(32UL * 4096)	/* one string, its NUL included */
#define MAX_ARG_STRINGS		0x7fffffff
/*
 * Where an ET_DYN program (static PIE) is loaded: Linux's ELF_ET_DYN_BASE,
 * two thirds of TASK_SIZE, page aligned.  Fixed: no randomization.
 */
#define ELF_ET_DYN_BASE		((TASK_SIZE / 3 * 2) & ~0xfffUL)

/* What execve collects for the loader (Linux's struct linux_binprm). */
struct linux_binprm {
	struct file *file;		/* the program, open for reading */
	const char *filename;		/* the path execve was given (kernel copy) */
	struct mm_struct *mm;		/* the new address space, not in use yet */
	unsigned long p;		/* lowest byte of the strings at the stack's top: argv[0] */
	unsigned long exec;		/* the filename's copy on the new stack (AT_EXECFN) */
	int argc, envc;			/* argc is at least 1: an empty argv gets "" */
	const unsigned int *lens;	/* the strings' lengths with NULs: argv's, then envp's */
	unsigned char buf[128];		/* the file's first bytes (fewer if it is shorter) */
	long long size;			/* the file's size */
	/* set by the loader */
	unsigned long entry;		/* the first instruction */
	unsigned long sp;		/* the initial stack pointer: argc */
};

/*
 * The ELF loader: checks bprm's file (-ENOEXEC if it is no ELF program
 * for x86_64; -ENOENT/-ENOEXEC for a PT_INTERP, see binfmt_elf.c), maps its
 * segments into bprm->mm, sets the break, and writes the initial stack
 * (argc, argv, envp, auxv) under bprm->p; fills entry and sp.  Works only
 * on bprm->mm, which no CPU has loaded; on failure the caller discards it.
 * May sleep.
 */
int load_elf_binary(struct linux_binprm *bprm);

/*
 * Helpers for the loader (exec.c).  kernel_read reads len bytes at pos
 * into a kernel buffer: the count read (short only at end of file) or
 * -errno.  copy_to_mm writes into mm's pages through the kernel's view of
 * them, whatever their protection: 0, or -EFAULT if a page is not mapped.
 * Neither needs mm loaded.  May sleep.
 */
long kernel_read(struct file *f, void *buf, size_t len, long long pos);
int copy_to_mm(struct mm_struct *mm, unsigned long va, const void *src, size_t len);

/*
 * execve for the kernel: the current task, a kernel thread with no address
 * space (init, tests), starts running the program filename with argv
 * and envp (kernel arrays ending in NULL; envp may be NULL).  0: the
 * caller must now go to ring 3 with ret_to_user() (<asm/processor.h>);
 * -errno: nothing changed.  May sleep.
 */
int kernel_execve(const char *filename, const char *const *argv, const char *const *envp);

/*
 * The path of the program the current task runs (what /proc/self/exe
 * will read), copied into buf with its NUL: its length, -ENOENT if the
 * task runs no program from a file (a kernel thread, a test snippet), or
 * -ENAMETOOLONG if size is too small.  May sleep.
 */
int get_exe_path(char *buf, size_t size);

#endif
