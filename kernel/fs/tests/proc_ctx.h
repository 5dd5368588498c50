/*
 * The fs tests' way of calling system calls as a process would: the test
 * task is given a descriptor table and a file-system context of its own
 * for the test (proc_enter) and gets its own back after (proc_leave).
 * Its kernel pointers pass as user pointers, because a kernel thread's
 * address limit is KERNEL_DS (uaccess.h).
 */
#ifndef FS_TESTS_PROC_CTX_H
#define FS_TESTS_PROC_CTX_H

#include "file.h"
#include "task.h"

struct saved_ctx {
	struct files_struct *files;
	struct fs_struct *fs;
};

/* A table of nfds descriptors and a context in "/"; false if memory ran out. */
static inline bool proc_enter(struct saved_ctx *s, unsigned int nfds)
{
	s->files = current->files;
	s->fs = current->fs;
	current->files = files_alloc(nfds);
	current->fs = fs_alloc();
	return current->files && current->fs;
}

/* Drops what proc_enter gave (closing every descriptor left) and restores the task's own. */
static inline void proc_leave(struct saved_ctx *s)
{
	files_put(current->files);
	fs_put(current->fs);
	current->files = s->files;
	current->fs = s->fs;
}

#endif
