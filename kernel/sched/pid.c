/*
 * Who a task is: getpid and gettid.
 *
 * Linux gives every thread its own ID (gettid) and a process the ID of
 * its first thread (getpid).  A ringlet process has exactly one thread, so
 * the two are its task's pid.  Once clone(CLONE_THREAD) comes, getpid
 * returns the thread group leader's.
 */
#include "syscalls.h"
#include "task.h"

SYSCALL_DEFINE0(getpid)
{
	return current->pid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}
