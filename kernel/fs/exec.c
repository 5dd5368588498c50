/*
 * execve: replacing a task's program (Linux's fs/exec.c, in small).
 *
 * The steps, in Linux 6.1's order so that a call wrong in several ways
 * fails with Linux's errno:
 *
 *   1. the path: copied from the caller (-EFAULT, -ENAMETOOLONG, -ENOENT
 *      for ""), looked up (-ENOENT, -ENOTDIR), checked: a regular file
 *      with an execute bit (-EACCES; root too needs one x bit), opened;
 *   2. argv and envp counted (-EFAULT for a bad array, -E2BIG), and every
 *      string measured (-EFAULT, -E2BIG): the strings and their pointers
 *      must fit in ARG_MAX, each string in MAX_ARG_STRLEN;
 *   3. a new address space: the stack VMA, the strings copied to its top
 *      (the path first, then envp, then argv, as Linux lays them out);
 *   4. the loader (binfmt_elf.c) maps the program and writes argc, the
 *      pointers and the auxiliary vector under the strings (-ENOEXEC ...);
 *   5. the point of no return: the task switches to the new address
 *      space and drops the old one, takes the program's name, gets clean
 *      FPU state and FS base, and its user registers are set to enter the
 *      program (start_thread).  The way back to ring 3 is IRET, because
 *      RCX no longer matches RIP (syscall_can_sysret).
 *
 * Everything that can fail happens in steps 1-4, on an address space
 * that nobody uses, so a failed execve returns -errno to a caller that is
 * exactly as it was (Linux, whose loader maps after its point of no
 * return, kills the task instead for a failure there).  The new address
 * space is written through the kernel's view of its frames (copy_to_mm),
 * never loaded before step 5.
 *
 * Strings are read twice, once to measure and once to copy; a string
 * that changes in between is copied as measured and NUL-terminated, so
 * the stack's layout never depends on the second read.
 *
 * kernel_execve is the same for a kernel thread that becomes a program
 * (init): its arrays are kernel pointers, which the user-copy helpers
 * accept because a kernel thread's address limit is KERNEL_DS.
 */
#include "binfmts.h"
#include "file.h"
#include "ramfs.h"
#include "task.h"
#include "sched.h"
#include "slab.h"
#include "mm.h"
#include "string.h"
#include "syscalls.h"
#include "syscall_stats.h"
#include "panic.h"
#include "uaccess.h"
#include "internal.h"
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/x86.h>

#define PAGE_MASK	(~(PAGE_SIZE - 1UL))

long kernel_read(struct file *f, void *buf, size_t len, long long pos)
{
	mm_segment_t fs = get_fs();
	size_t done = 0;

	set_fs(KERNEL_DS);	/* buf is a kernel address */
	while (done < len) {
		ssize_t n = vfs_read(f, (char *)buf + done, len - done, &pos);

		if (n < 0) {
			set_fs(fs);
			return n;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	set_fs(fs);
	return (long)done;
}

int copy_to_mm(struct mm_struct *mm, unsigned long va, const void *src, size_t len)
{
	while (len) {
		size_t off = va & ~PAGE_MASK, n = min(len, PAGE_SIZE - off);
		uint64_t pa = user_page_frame(mm->pgd, va & PAGE_MASK);

		if (!pa)
			return -EFAULT;
		memcpy((char *)__va(pa) + off, src, n);
		src = (const char *)src + n;
		va += n;
		len -= n;
	}
	return 0;
}

/* A user array of string pointers, and where its strings' lengths go. */
struct strings {
	const char __user *const __user *array;	/* NULL: no strings */
	int count;
	unsigned int *lens;			/* each with its NUL */
};

/* Element i of the array, or an error pointer (-EFAULT). */
static long get_string_ptr(const struct strings *s, int i, const char __user **out)
{
	if (copy_from_user(out, &s->array[i], sizeof(*out)))
		return -EFAULT;
	return 0;
}

/* Linux's count(): how many pointers come before the NULL. */
static int count_strings(struct strings *s)
{
	const char __user *p;
	int i = 0;

	if (!s->array)
		return 0;
	for (;;) {
		if (get_string_ptr(s, i, &p))
			return -EFAULT;
		if (!p)
			break;
		if (i >= MAX_ARG_STRINGS)
			return -E2BIG;
		i++;
	}
	s->count = i;
	return 0;
}

/*
 * The length of the string at src with its NUL (Linux's strnlen_user):
 * -EFAULT, or -E2BIG beyond MAX_ARG_STRLEN.  bounce: a PAGE_SIZE buffer.
 */
static long measure_string(const char __user *src, char *bounce)
{
	size_t done = 0;

	for (;;) {
		long n = strncpy_from_user(bounce, src + done, PAGE_SIZE);

		if (n < 0)
			return -EFAULT;
		if (n < (long)PAGE_SIZE)
			return done + n + 1 > MAX_ARG_STRLEN ? -E2BIG : (long)(done + n + 1);
		done += PAGE_SIZE;
		if (done >= MAX_ARG_STRLEN)
			return -E2BIG;
	}
}

/* Measures every string of s into s->lens and adds them to *total. */
static int measure_strings(struct strings *s, char *bounce, size_t *total)
{
	for (int i = 0; i < s->count; i++) {
		const char __user *p;
		long len;

		if (get_string_ptr(s, i, &p))
			return -EFAULT;
		len = measure_string(p, bounce);
		if (len < 0)
			return (int)len;
		s->lens[i] = (unsigned int)len;
		*total += (size_t)len;
	}
	return 0;
}

/*
 * Copies the strings of s to the new stack, the last one highest, below
 * bprm->p, which moves down.  Each string as measured, NUL-terminated.
 */
static int copy_strings(struct linux_binprm *bprm, struct strings *s, char *bounce)
{
	for (int i = s->count - 1; i >= 0; i--) {
		const char __user *p;
		size_t len = s->lens[i], done = 0;

		if (get_string_ptr(s, i, &p))
			return -EFAULT;
		bprm->p -= len;
		while (done < len - 1) {
			size_t n = min(len - 1 - done, PAGE_SIZE);

			if (copy_from_user(bounce, p + done, n))
				return -EFAULT;
			copy_to_mm(bprm->mm, bprm->p + done, bounce, n);
			done += n;
		}
		copy_to_mm(bprm->mm, bprm->p + len - 1, "", 1);
	}
	return 0;
}

static int copy_kernel_string(struct linux_binprm *bprm, const char *str)
{
	size_t len = strlen(str) + 1;

	bprm->p -= len;
	return copy_to_mm(bprm->mm, bprm->p, str, len);
}

/* Step 1: the file.  Linux's do_open_execat and its may_open checks. */
static int open_exec(const char *filename, struct file **out)
{
	struct file *f;
	int err = kernel_openat(AT_FDCWD, filename, O_RDONLY, 0, &f);

	if (err)
		return err;
	/* Directories, devices and the like are not programs; nor is a file no one may execute. */
	if (!f->f_inode || !S_ISREG(f->f_inode->mode) || !(f->f_inode->mode & S_IXUGO)) {
		fput(f);
		return -EACCES;
	}
	*out = f;
	return 0;
}

/*
 * The program's path for /proc/self/exe: where the opened file is in the
 * tree, absolute and with links resolved (Linux's d_path of the file), or
 * the path as given if the file was removed meanwhile.  A new kmalloc'd
 * string, or NULL if memory ran out.
 */
static char *exe_path_of(struct file *f, const char *filename)
{
	char *buf = kmalloc(PATH_MAX), *path;
	long len = buf ? ramfs_path_of(f->f_inode, buf, PATH_MAX) : -ENOMEM;
	const char *src = len > 0 ? buf : filename;

	path = buf ? kmalloc(strlen(src) + 1) : NULL;
	if (path)
		memcpy(path, src, strlen(src) + 1);
	kfree(buf);
	return path;
}

/* The program's short name, for task->comm: the path's last component. */
static void set_comm(const char *filename)
{
	const char *base = strrchr(filename, '/');

	strlcpy(current->comm, base ? base + 1 : filename, sizeof(current->comm));
}

/*
 * The user CPU state a new program starts with, loaded now: this task is
 * running, so the registers are live (a kernel thread's hold another
 * program's leftovers).  Interrupts off: a switch in between would save
 * the old registers over the clean state.  Linux's flush_thread and
 * fpu_flush_thread.
 */
static void reset_user_cpu_state(void)
{
	unsigned long flags = local_irq_save();

	arch_setup_user_thread(current);
	fpu_restore(&current->thread.fpu);
	wrmsr(MSR_FS_BASE, 0);
	local_irq_restore(flags);
}

/* Step 5: nothing here can fail. */
static void point_of_no_return(struct linux_binprm *bprm)
{
	struct mm_struct *old = current->mm;

	/*
	 * Linux's begin_new_exec order: release a vfork parent, clear the
	 * clear_child_tid word and reset caught signals while the old mm is
	 * still ours (mm_release), then switch address spaces.
	 */
	if (current->is_process)
		mm_release(current);
	if (old)
		kthread_unuse_mm(old);
	kthread_use_mm(bprm->mm);	/* takes over bprm's reference */
	bprm->mm = NULL;
	if (old)
		mmput(old);
	if (current->files)
		do_close_on_exec(current->files);
	set_comm(bprm->filename);
	syscall_stats_exec(current);
	current->addr_limit = USER_DS.seg;
	reset_user_cpu_state();
	start_thread(task_pt_regs(current), bprm->entry, bprm->sp);
}

static int make_stack(struct linux_binprm *bprm)
{
	long ret = mmap_region(bprm->mm, STACK_TOP - STACK_SIZE, STACK_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN);

	if (ret < 0)
		return (int)ret;
	bprm->p = STACK_TOP - sizeof(void *);	/* Linux's end marker: 8 zero bytes at the top */
	return 0;
}

/* Steps 2-5 for an opened file; filename is a kernel string. */
static int exec_file(struct linux_binprm *bprm, struct strings *argv, struct strings *envp)
{
	size_t total, ptrs;
	char *bounce;
	int err;

	err = count_strings(argv);
	if (!err)
		err = count_strings(envp);
	if (err)
		return err;
	ptrs = ((size_t)max(argv->count, 1) + (size_t)envp->count) * sizeof(void *);
	if (ptrs >= ARG_MAX)
		return -E2BIG;
	bounce = kmalloc(PAGE_SIZE);
	argv->lens = kmalloc(((size_t)argv->count + (size_t)envp->count + 1) *
			     sizeof(unsigned int));
	if (!bounce || !argv->lens) {
		err = -ENOMEM;
		goto out;
	}
	envp->lens = argv->lens + max(argv->count, 1);	/* argv's slot 0 exists even if empty */
	total = strlen(bprm->filename) + 1 + (argv->count ? 0 : 1);	/* "" for an empty argv */
	err = measure_strings(envp, bounce, &total);
	if (!err)
		err = measure_strings(argv, bounce, &total);
	if (!err && total > ARG_MAX - ptrs)
		err = -E2BIG;
	if (err)
		goto out;
	bprm->mm = mm_alloc();
	if (!bprm->mm) {
		err = -ENOMEM;
		goto out;
	}
	err = make_stack(bprm);
	if (!err)
		err = copy_kernel_string(bprm, bprm->filename);
	bprm->exec = bprm->p;
	if (!err)
		err = copy_strings(bprm, envp, bounce);
	if (!err)
		err = copy_strings(bprm, argv, bounce);
	if (!err && !argv->count) {
		/* Linux 6.1 gives a program started with no arguments argv[0] = "". */
		err = copy_kernel_string(bprm, "");
		argv->count = 1;
		argv->lens[0] = 1;
	}
	if (err)
		goto out;
	bprm->argc = argv->count;
	bprm->envc = envp->count;
	bprm->lens = argv->lens;
	err = load_elf_binary(bprm);
	if (err)
		goto out;
	bprm->mm->exe_path = exe_path_of(bprm->file, bprm->filename);
	if (!bprm->mm->exe_path) {
		err = -ENOMEM;
		goto out;
	}
	err = unshare_files();	/* the last step that can fail */
	if (err)
		goto out;
	point_of_no_return(bprm);
out:
	if (bprm->mm)
		mmput(bprm->mm);
	kfree(argv->lens);
	kfree(bounce);
	return err;
}

static int do_execve(const char *filename, struct strings *argv, struct strings *envp)
{
	struct linux_binprm bprm = { .filename = filename };
	long n;
	int err = open_exec(filename, &bprm.file);

	if (err)
		return err;
	bprm.size = ramfs_size(bprm.file);
	n = kernel_read(bprm.file, bprm.buf, sizeof(bprm.buf), 0);
	if (n < 0) {
		err = (int)n;
		goto out;
	}
	err = exec_file(&bprm, argv, envp);
out:
	fput(bprm.file);
	return err;
}

/* The path from the caller, as Linux's getname: a kernel copy, or an error pointer's errno. */
static int get_filename(const char __user *filename, char **out)
{
	char *name = kmalloc(PATH_MAX);
	long len;

	if (!name)
		return -ENOMEM;
	len = strncpy_from_user(name, filename, PATH_MAX);
	if (len < 0 || len == PATH_MAX || len == 0) {
		kfree(name);
		return len < 0 ? -EFAULT : len ? -ENAMETOOLONG : -ENOENT;
	}
	*out = name;
	return 0;
}

SYSCALL_DEFINE3(execve, const char __user *, filename, const char __user *const __user *, argv,
		const char __user *const __user *, envp)
{
	struct strings args = { .array = argv }, env = { .array = envp };
	char *name;
	int err = get_filename(filename, &name);

	if (err)
		return err;
	err = do_execve(name, &args, &env);
	kfree(name);
	return err;
}

int kernel_execve(const char *filename, const char *const *argv, const char *const *envp)
{
	struct strings args = { .array = (const char __user *const __user *)argv },
		       env = { .array = (const char __user *const __user *)envp };
	char *name;
	int err;

	WARN_ON(current->mm || current->addr_limit != KERNEL_DS.seg);
	err = get_filename(filename, &name);
	if (err)
		return err;
	err = do_execve(name, &args, &env);
	kfree(name);
	return err;
}

int get_exe_path(char *buf, size_t size)
{
	struct mm_struct *mm = current->mm;
	size_t len;

	if (!mm || !mm->exe_path)
		return -ENOENT;
	len = strlen(mm->exe_path);
	if (len + 1 > size)
		return -ENAMETOOLONG;
	memcpy(buf, mm->exe_path, len + 1);
	return (int)len;
}
