/*
 * /proc, as far as ringlet has one: /proc/self/exe.
 *
 * Linux's procfs describes every process; the one entry static programs
 * reach for at run time is /proc/self/exe, the link to the program the
 * caller is running.  Debian's busybox runs most of its applets by
 * exec'ing it (so `ls` in its shell means "this same binary, as ls"), and
 * glibc's static start-up reads it to learn its own origin.
 *
 * The link is a ramfs dynamic link: its text is computed for whoever
 * walks through it, from the path execve recorded with the address space
 * (get_exe_path, kernel/fs/exec.c).  A kernel thread, which runs no
 * program, finds it dangling (-ENOENT), as Linux's kernel threads do.
 */
#include "file.h"
#include "ramfs.h"
#include "binfmts.h"
#include "panic.h"

void proc_init(void)
{
	int err = ramfs_mkdir("/proc", 0555);

	if (!err)
		err = ramfs_mkdir("/proc/self", 0555);
	if (!err)
		err = ramfs_symlink_dynamic("/proc/self/exe", get_exe_path);
	if (err)
		panic("proc: cannot make /proc/self/exe (%d)", err);
}
