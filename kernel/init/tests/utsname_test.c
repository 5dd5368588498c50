/*
 * Self-tests of utsname.c (suite utsname): the six fields ringlet
 * reports, each NUL-terminated, and -EFAULT for a bad buffer.
 */
#include "ktest.h"
#include "syscalls.h"
#include "errno.h"
#include "string.h"
#include "uapi/utsname.h"

KTEST(utsname, reports_linux_6_1_on_x86_64)
{
	struct new_utsname u;

	memset(&u, 'x', sizeof(u));
	EXPECT_EQ(sys_newuname(&u), 0);
	EXPECT_STREQ(u.sysname, "Linux");
	EXPECT_STREQ(u.nodename, "ringlet");
	EXPECT_STREQ(u.release, "6.1.0-ringlet");
	EXPECT_STREQ(u.machine, "x86_64");
	EXPECT_STREQ(u.domainname, "(none)");
	EXPECT_EQ(strncmp(u.version, "#1 ", 3), 0);
	EXPECT_EQ(u.version[__NEW_UTS_LEN], '\0');
	EXPECT_EQ(sys_newuname((void __user *)0x8000000000000000UL), -EFAULT);
	EXPECT_EQ(sys_newuname(NULL), -EFAULT);
}
