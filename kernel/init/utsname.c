/*
 * uname(2): what ringlet says it is.
 *
 * It says "Linux", release "6.1.0-ringlet", machine "x86_64", because it
 * implements Linux 6.1's x86_64 system-call ABI and programs read uname
 * to decide what they may use: older glibc refused to start below its
 * minimum kernel version (DL_SYSDEP_OSCHECK; 2.36 no longer checks),
 * liburing's tests and busybox's applets pick features by the release,
 * and "Linux" is what every build script's `uname -s` tests for.  A
 * program that parses the release sees 6.1.0, the version whose ABI and
 * errnos ringlet follows; the "-ringlet" suffix (Linux's EXTRAVERSION/
 * LOCALVERSION slot, where Debian puts "-amd64") and the version field
 * say which kernel it really is.  The node name is the one
 * /etc/hostname holds in the initramfs; nothing can change it
 * (no sethostname).
 */
#include "syscalls.h"
#include "errno.h"
#include "uapi/utsname.h"

static const struct new_utsname ringlet_uts = {
	.sysname = "Linux",
	.nodename = "ringlet",
	.release = "6.1.0-ringlet",
	.version = "#1 SMP ringlet",
	.machine = "x86_64",
	.domainname = "(none)",
};

SYSCALL_DEFINE1(newuname, struct new_utsname __user *, name)
{
	return copy_to_user(name, &ringlet_uts, sizeof(ringlet_uts)) ? -EFAULT : 0;
}
