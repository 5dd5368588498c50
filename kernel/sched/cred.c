/*
 * Credentials.  Every ringlet process runs as root: user and group IDs
 * are 0, real and effective alike, so the four getters return 0 (Linux
 * returns the caller's IDs; init's are 0).  Nothing changes them: there
 * is no setuid, and nothing checks permissions by ID yet.  Nor has any
 * process supplementary groups (Linux's init has none either): getgroups
 * says 0, after Linux's -EINVAL for a negative size, and writes nothing.
 */
#include "syscalls.h"
#include "errno.h"

SYSCALL_DEFINE0(getuid)
{
	return 0;
}

SYSCALL_DEFINE0(getgid)
{
	return 0;
}

SYSCALL_DEFINE0(geteuid)
{
	return 0;
}

SYSCALL_DEFINE0(getegid)
{
	return 0;
}

SYSCALL_DEFINE2(getgroups, int, gidsetsize, unsigned int __user *, grouplist)
{
	(void)grouplist;
	return gidsetsize < 0 ? -EINVAL : 0;
}
