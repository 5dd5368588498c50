/*
 * The first program: init (Linux's kernel_init and run_init_process, in
 * init/main.c).
 *
 * A kernel thread "init" is created, gives itself a descriptor table with
 * /dev/console open as fds 0, 1 and 2 (Linux's console_on_rootfs), and
 * becomes the program with kernel_execve: argv[0] is the path given by
 * init= (default /init), argv[1..] are the command line's words after a
 * standalone "--", envp is Linux's { "HOME=/", "TERM=linux" }.  From then
 * on it is an ordinary process that entered ring 3 by IRET.
 *
 * The boot thread waits for it to exit (waiting for its end first, then
 * reaping it: kthread_stop alone would wake a program sleeping in a system
 * call) and prints one line with how it ended, which `make exec` parses.
 * The kernel then exits QEMU; it does not panic when init exits as Linux
 * does, because a test boot wants the status.
 *
 * init is a process from the start and the child reaper: orphans are
 * re-parented to it, and when it exits every process left is killed and
 * reaped by the kernel (kernel/sched/exit.c).
 */
#include "init.h"
#include "binfmts.h"
#include "file.h"
#include "ramfs.h"
#include "sched.h"
#include "printk.h"
#include "errno.h"
#include <asm/processor.h>

#define INIT_FDS	1024	/* Linux's NR_OPEN_DEFAULT-sized table */

struct init_start {
	const char *path;
	const char *const *argv;
	int err;		/* kernel_execve's error, if it failed */
};

/* fds 0, 1, 2 on /dev/console, or none and one line (Linux's wording) if it cannot be opened. */
static void open_console(struct files_struct *files)
{
	struct file *f;

	if (ramfs_open("/dev/console", O_RDWR, 0, &f)) {
		pr_warn("Warning: unable to open an initial console.\n");
		return;
	}
	fd_install(files, f);
	fd_install(files, get_file(f));
	fd_install(files, get_file(f));
}

static int init_thread(void *arg)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	struct init_start *s = arg;
	struct files_struct *files = files_alloc(INIT_FDS);

	if (!files) {
		s->err = -ENOMEM;
		return 0;
	}
	files_put(current->files);	/* the boot thread's, if it had one */
	current->files = files;
	open_console(files);
	s->err = kernel_execve(s->path, s->argv, envp);
	if (s->err)
		return 0;
	ret_to_user();
}

bool run_init(const struct boot_options *o)
{
	const char *argv[INIT_ARGV_MAX];
	char words[INIT_PATH_MAX * 2];
	struct init_start s = { .path = o->init, .argv = argv };
	struct ramfs_stat st;
	struct task *t;
	int status;

	if (!o->init[0])
		return true;
	if (ramfs_stat(o->init, &st) == -ENOENT) {
		pr_info("ringlet: no init program at %s; running none\n", o->init);
		return true;
	}
	if (init_argv(o, words, sizeof(words), argv) < 0) {
		pr_err("ringlet: init's arguments after \"--\" do not fit; not starting %s\n",
		       o->init);
		return false;
	}
	t = kthread_create(init_thread, &s, "init");
	if (!t) {
		pr_err("ringlet: no memory to start init\n");
		return false;
	}
	init_process_attach(t);	/* orphans are its; its end takes every process with it */
	wake_up_process(t);
	wait_for_completion(&t->exited);
	status = kthread_stop(t);
	if (s.err) {
		pr_err("ringlet: cannot run init %s: error %d\n", o->init, s.err);
		return false;
	}
	if (status & 0x7f) {
		pr_info("ringlet: init killed by signal %d\n", status & 0x7f);
		return false;
	}
	pr_info("ringlet: init exited with status %d\n", (status >> 8) & 0xff);
	return ((status >> 8) & 0xff) == 0;
}
