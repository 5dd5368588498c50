/*
 * Self-tests of exec.c (suite exec): programs built in memory
 * (elf_builder.h) are written to the ramfs tree and run.  What a program
 * sees at entry is checked by the program itself (registers, alignment)
 * and, from a copy of its initial stack that it writes to a pipe, by the
 * test: argc, argv, envp, the auxiliary vector, the strings' layout.
 * Every errno of execve is provoked from a running program, which must
 * keep running with its own memory afterwards; then it executes another
 * program, which replaces it.  The E2BIG limits are tested at their exact
 * boundaries.  The runner's leak check covers every run.
 */
#include "ktest.h"
#include "smp.h"
#include "errno.h"
#include "elf_builder.h"
#include "slab.h"
#include "syscalls.h"
#include "file.h"
#include <asm/x86.h>

#define DUMP_MAX	8192

static const char *const std_envp[] = { "HOME=/", "TERM=linux", NULL };

struct dump {
	unsigned char buf[DUMP_MAX];
	size_t n;
	unsigned long rsp;
};

static uint64_t dword(const struct dump *d, size_t i)
{
	uint64_t w = 0;

	if ((i + 1) * 8 <= d->n)
		memcpy(&w, d->buf + i * 8, 8);
	return w;
}

/* The string at user address u in the dump, or NULL if it is not in it. */
static const char *dstr(const struct dump *d, uint64_t u)
{
	if (u < d->rsp || u >= STACK_TOP || !memchr(d->buf + (u - d->rsp), 0, STACK_TOP - u))
		return NULL;
	return (const char *)d->buf + (u - d->rsp);
}

/* The auxv value for key (auxv starts at word i), or ~0 if it is missing. */
static uint64_t auxval(const struct dump *d, size_t i, uint64_t key)
{
	for (; (i + 2) * 8 <= d->n; i += 2) {
		if (dword(d, i) == key)
			return dword(d, i + 1);
		if (dword(d, i) == AT_NULL)
			break;
	}
	return ~0ULL;
}

static int write_std(uint16_t type, const char *start, const char *end, const char *path)
{
	struct elf_image im;
	int err;

	if (!elfb_std(&im, type, start, end))
		return -ENOMEM;
	err = elfb_write(&im, path, 0755);
	elfb_free(&im);
	return err;
}

/* Runs path with fd 1 on a pipe and collects what the program writes. */
static int run_dump(const char *path, const char *const *argv, const char *const *envp,
		    struct dump *d, char *comm)
{
	struct program_run r = { .path = path, .argv = argv, .envp = envp };
	struct file *rd, *wr, *null = null_file_open();
	int status;
	ssize_t n;

	ASSERT_NOT_NULL(null);
	ASSERT_EQ(pipe_create(&rd, &wr, DUMP_MAX), 0);
	r.files = files_alloc(16);
	ASSERT_NOT_NULL(r.files);
	EXPECT_EQ(fd_install(r.files, null), 0);
	EXPECT_EQ(fd_install(r.files, wr), 1);
	status = run_program_on(&r, smp_processor_id());
	files_put(r.files);	/* closes the write end: the read sees end of file after the data */
	n = vfs_read(rd, d->buf, sizeof(d->buf), NULL);
	fput(rd);
	d->n = n > 0 ? (size_t)n : 0;
	d->rsp = STACK_TOP - d->n;
	if (comm)
		strlcpy(comm, r.comm, TASK_COMM_LEN);
	return status;
}

static void check_strings(const struct dump *d, size_t first, const char *const *want, int n)
{
	for (int i = 0; i < n; i++)
		EXPECT_STREQ(dstr(d, dword(d, first + i)), want[i]);
	EXPECT_EQ(dword(d, first + n), 0);
}

KTEST(exec, argv_envp_auxv_as_the_program_sees_them)
{
	static const char *const argv[] = { "/exec_dump", "one", "two words", "", NULL };
	struct dump *d = kzalloc(sizeof(*d));
	char comm[TASK_COMM_LEN];
	uint32_t a, b, c, edx;
	const unsigned char *rnd;
	size_t aux = 1 + 4 + 1 + 2 + 1;
	unsigned long top_str;

	ASSERT_NOT_NULL(d);
	ASSERT_EQ(write_std(ET_EXEC, snippet_stack, snippet_stack_end, "/exec_dump"), 0);
	EXPECT_EQ(run_dump("/exec_dump", argv, std_envp, d, comm), EXITED(0));
	EXPECT_EQ(d->rsp % 16, 0);
	EXPECT_EQ(dword(d, 0), 4);				/* argc */
	check_strings(d, 1, argv, 4);
	check_strings(d, 6, (const char *const *)std_envp, 2);
	cpuid(1, 0, &a, &b, &c, &edx);
	EXPECT_EQ(auxval(d, aux, AT_HWCAP), edx);
	EXPECT_EQ(auxval(d, aux, AT_PAGESZ), 4096);
	EXPECT_EQ(auxval(d, aux, AT_CLKTCK), 100);
	EXPECT_EQ(auxval(d, aux, AT_PHDR), ELFB_TEXT + sizeof(Elf64_Ehdr));
	EXPECT_EQ(auxval(d, aux, AT_PHENT), sizeof(Elf64_Phdr));
	EXPECT_EQ(auxval(d, aux, AT_PHNUM), 4);
	EXPECT_EQ(auxval(d, aux, AT_BASE), 0);
	EXPECT_EQ(auxval(d, aux, AT_FLAGS), 0);
	EXPECT_EQ(auxval(d, aux, AT_ENTRY), ELFB_TEXT + ELFB_CODE_OFF);
	EXPECT_EQ(auxval(d, aux, AT_UID), 0);
	EXPECT_EQ(auxval(d, aux, AT_EUID), 0);
	EXPECT_EQ(auxval(d, aux, AT_GID), 0);
	EXPECT_EQ(auxval(d, aux, AT_EGID), 0);
	EXPECT_EQ(auxval(d, aux, AT_SECURE), 0);
	EXPECT_STREQ(dstr(d, auxval(d, aux, AT_PLATFORM)), "x86_64");
	EXPECT_STREQ(dstr(d, auxval(d, aux, AT_EXECFN)), "/exec_dump");
	EXPECT_NE(auxval(d, aux, AT_NULL), ~0ULL);
	/* The 16 random bytes lie inside the stack, above the tables. */
	rnd = (const unsigned char *)dstr(d, auxval(d, aux, AT_RANDOM));
	EXPECT_TRUE(auxval(d, aux, AT_RANDOM) + 16 <= auxval(d, aux, AT_PLATFORM));
	EXPECT_NOT_NULL(rnd);
	/* Linux's layout at the top: the path, then 8 zero bytes. */
	top_str = STACK_TOP - 8 - sizeof("/exec_dump");
	EXPECT_EQ(auxval(d, aux, AT_EXECFN), top_str);
	EXPECT_EQ(dword(d, (d->n - 8) / 8), 0);
	/* The strings are contiguous: argv, then envp, then the path. */
	EXPECT_EQ(dword(d, 2), dword(d, 1) + sizeof("/exec_dump"));
	EXPECT_EQ(dword(d, 6), dword(d, 4) + 1);
	EXPECT_EQ(dword(d, 7) + sizeof("TERM=linux"), top_str);
	EXPECT_STREQ(comm, "exec_dump");
	ramfs_unlink("/exec_dump");
	kfree(d);
}

KTEST(exec, empty_argv_gives_argv0_empty)
{
	struct dump *d = kzalloc(sizeof(*d));

	ASSERT_NOT_NULL(d);
	ASSERT_EQ(write_std(ET_EXEC, snippet_stack, snippet_stack_end, "/exec_dump0"), 0);
	EXPECT_EQ(run_dump("/exec_dump0", NULL, NULL, d, NULL), EXITED(0));
	EXPECT_EQ(dword(d, 0), 1);
	EXPECT_STREQ(dstr(d, dword(d, 1)), "");
	EXPECT_EQ(dword(d, 2), 0);	/* argv's NULL */
	EXPECT_EQ(dword(d, 3), 0);	/* envp's NULL: no environment */
	EXPECT_EQ(dword(d, 4), AT_HWCAP);
	ramfs_unlink("/exec_dump0");
	kfree(d);
}

/* A program that exits 10 at once: its only record fails (R15 is 0, not 1). */
static int write_exit10(const char *path)
{
	struct elf_image im;
	int err;

	if (!elfb_std(&im, ET_EXEC, snippet_ops, snippet_ops_end))
		return -ENOMEM;
	elfb_op(&im, OP_RESULT, 0, 0, 1);
	err = elfb_write(&im, path, 0755);
	elfb_free(&im);
	return err;
}

/*
 * The program that fails execve every way, checks that it still runs in
 * its own memory, then executes /exec_exit10 (ending with status 10).
 */
static int write_failing(const char *path)
{
	struct elf_image im;
	size_t off = 0xa00;
	unsigned long good, argv_ok, argv_bad, env_ok, bad = 0x1000;
	unsigned long kernel = 0xffff800000000000UL;
	uint64_t arr[2];
	int err;

	if (!elfb_std(&im, ET_EXEC, snippet_ops, snippet_ops_end))
		return -ENOMEM;
	good = elfb_str(&im, &off, "/exec_exit10");
	arr[0] = good;
	arr[1] = 0;
	argv_ok = elfb_array(&im, &off, arr, 2);
	arr[0] = bad;
	argv_bad = elfb_array(&im, &off, arr, 2);
	arr[0] = elfb_str(&im, &off, "A=b");
	arr[1] = 0;
	env_ok = elfb_array(&im, &off, arr, 2);
#define FAIL(p, av, ev, e) do {						\
		elfb_op(&im, OP_EXECVE, (p), (av), (ev));			\
		elfb_op(&im, OP_RESULT, 0, 0, (uint64_t)-(e));			\
	} while (0)
	FAIL(elfb_str(&im, &off, "/exec_nonexistent"), argv_ok, env_ok, ENOENT);
	FAIL(elfb_str(&im, &off, ""), argv_ok, env_ok, ENOENT);
	FAIL(elfb_str(&im, &off, "/"), argv_ok, env_ok, EACCES);
	FAIL(elfb_str(&im, &off, "/dev/null"), argv_ok, env_ok, EACCES);
	FAIL(elfb_str(&im, &off, "/exec_noexec"), argv_ok, env_ok, EACCES);
	FAIL(elfb_str(&im, &off, "/exec_noexec/x"), argv_ok, env_ok, ENOTDIR);
	FAIL(elfb_str(&im, &off, "/exec_garbage"), argv_ok, env_ok, ENOEXEC);
	FAIL(bad, argv_ok, env_ok, EFAULT);
	FAIL(kernel, argv_ok, env_ok, EFAULT);
	FAIL(good, bad, env_ok, EFAULT);
	FAIL(good, argv_bad, env_ok, EFAULT);
	FAIL(good, argv_ok, kernel, EFAULT);
	FAIL(good, argv_ok, argv_bad, EFAULT);
#undef FAIL
	/* Still itself: its data and its .bss are there. */
	elfb_op(&im, OP_CHECK, ELFB_DATA, ELFB_DATA_FILESZ, 0xab);
	elfb_op(&im, OP_CHECK, ELFB_DATA + ELFB_DATA_FILESZ, 64, 0);
	elfb_op(&im, OP_EXECVE, good, argv_ok, env_ok);
	elfb_op(&im, OP_RESULT, 0, 0, 0x1234);	/* not reached: the execve replaced it */
	err = elfb_write(&im, path, 0755);
	elfb_free(&im);
	return err;
}

static void write_failing_files(void)
{
	struct file *f;
	long long pos = 0;

	ASSERT_EQ(write_exit10("/exec_exit10"), 0);
	ASSERT_EQ(write_std(ET_EXEC, snippet_stack, snippet_stack_end, "/exec_noexec"), 0);
	/* write_std made it 0755; make a 0644 one in its place. */
	ASSERT_EQ(ramfs_unlink("/exec_noexec"), 0);
	ASSERT_EQ(ramfs_open("/exec_noexec", O_WRONLY | O_CREAT, 0644, &f), 0);
	EXPECT_EQ(vfs_write(f, "\177ELF", 4, &pos), 4);
	fput(f);
	ASSERT_EQ(ramfs_open("/exec_garbage", O_WRONLY | O_CREAT, 0755, &f), 0);
	pos = 0;
	EXPECT_EQ(vfs_write(f, "#!/bin/sh\necho hi\n", 18, &pos), 18);
	fput(f);
	ASSERT_EQ(write_failing("/exec_failing"), 0);
}

static void remove_failing_files(void)
{
	ramfs_unlink("/exec_exit10");
	ramfs_unlink("/exec_noexec");
	ramfs_unlink("/exec_garbage");
	ramfs_unlink("/exec_failing");
}

KTEST(exec, failed_execve_leaves_the_caller_running_then_execve_replaces_it)
{
	struct program_run r = { .path = "/exec_failing" };

	write_failing_files();
	/* 10: /exec_exit10 ran; 10 + i would name the failed record i. */
	EXPECT_EQ(run_program_on(&r, smp_processor_id()), EXITED(10));
	EXPECT_STREQ(r.comm, "exec_failing");
	EXPECT_STREQ(r.exe, "/exec_failing");
	remove_failing_files();
}

static int failing_here(void *arg)
{
	struct program_run r = { .path = "/exec_failing" };

	(void)arg;
	return run_program_on(&r, smp_processor_id()) == EXITED(10) ? 0 : 1;
}

KTEST(exec, programs_fail_and_replace_themselves_on_every_cpu_at_once)
{
	write_failing_files();
	EXPECT_EQ(ktest_run_threads(failing_here, NULL, 2), 0);
	remove_failing_files();
}

/* kernel_execve of the exit-10 program with argv = { s, NULL } where s has len bytes. */
static int exec_with_string(size_t len)
{
	char *s = kmalloc(len + 1);
	const char *argv[] = { s, NULL };
	int status;

	ASSERT_NOT_NULL(s);
	memset(s, 'x', len);
	s[len] = '\0';
	status = run_program("/exec_e2", argv, NULL);
	kfree(s);
	return status;
}

KTEST(exec, e2big_exactly_at_linux_limits)
{
	/* Strings: the path (9 bytes with its NUL) and s with its NUL; pointers: 1. */
	size_t fits = ARG_MAX - sizeof(void *) - sizeof("/exec_e2") - 1;
	const char **many;
	size_t n = ARG_MAX / sizeof(void *);

	ASSERT_EQ(write_exit10("/exec_e2"), 0);
	EXPECT_EQ(exec_with_string(fits), EXITED(10));
	EXPECT_EQ(exec_with_string(fits + 1), -E2BIG);
	/* One string longer than MAX_ARG_STRLEN. */
	EXPECT_EQ(exec_with_string(MAX_ARG_STRLEN), -E2BIG);
	/* Pointers alone past the limit. */
	many = kmalloc((n + 1) * sizeof(*many));
	ASSERT_NOT_NULL(many);
	for (size_t i = 0; i < n; i++)
		many[i] = "";
	many[n] = NULL;
	EXPECT_EQ(run_program("/exec_e2", many, NULL), -E2BIG);
	many[n - 1] = NULL;	/* n - 1 pointers and n - 1 one-byte strings: still too many */
	EXPECT_EQ(run_program("/exec_e2", many, NULL), -E2BIG);
	many[n / 16] = NULL;
	EXPECT_EQ(run_program("/exec_e2", many, NULL), EXITED(10));
	kfree(many);
	ramfs_unlink("/exec_e2");
}

/*
 * A relative path starts at the caller's current directory (a kernel
 * thread shares its creator's, so the program's is this test's), and
 * /proc/self/exe names the file itself: absolute, links resolved.
 */
KTEST(exec, relative_path_from_the_current_directory)
{
	struct program_run r = { .path = "p" };
	struct fs_struct *saved = current->fs;

	ASSERT_EQ(ramfs_mkdir("/exrel", 0755), 0);
	ASSERT_EQ(write_exit10("/exrel/p"), 0);
	ASSERT_EQ(ramfs_symlink("/exrel/link", "p"), 0);
	current->fs = fs_alloc();
	ASSERT_NOT_NULL(current->fs);
	ASSERT_EQ(sys_chdir("/exrel"), 0);
	EXPECT_EQ(run_program_on(&r, smp_processor_id()), EXITED(10));
	EXPECT_STREQ(r.exe, "/exrel/p");
	r.path = "./link";
	EXPECT_EQ(run_program_on(&r, smp_processor_id()), EXITED(10));
	EXPECT_STREQ(r.comm, "link");	/* the name it was run by, as Linux's comm */
	EXPECT_STREQ(r.exe, "/exrel/p");
	r.path = "../exrel/nothing";
	EXPECT_EQ(run_program_on(&r, smp_processor_id()), -ENOENT);
	fs_put(current->fs);
	current->fs = saved;
	EXPECT_EQ(sys_unlink("/exrel/link"), 0);
	EXPECT_EQ(sys_unlink("/exrel/p"), 0);
	EXPECT_EQ(sys_rmdir("/exrel"), 0);
}

KTEST(exec, get_exe_path_contract)
{
	char buf[8];

	EXPECT_EQ(get_exe_path(buf, sizeof(buf)), -ENOENT);	/* a kernel thread */
}
