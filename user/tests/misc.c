/*
 * The small system calls: uname, getrandom, the user and group IDs,
 * the resource limits (getrlimit, setrlimit, prlimit64) and sysinfo,
 * each with its errors.  Every limit changed is put back: on ringlet the table is
 * shared by every process.
 */
#include <sys/auxv.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "test.h"

static void uname_says_linux(void)
{
	struct utsname u;
	void *volatile bad = (void *)8;

	CHECK_EQ(uname(&u), 0);
	CHECK_EQ(strcmp(u.sysname, "Linux"), 0);
	CHECK_EQ(strcmp(u.machine, "x86_64"), 0);
	CHECK(u.release[0] >= '3' && u.release[0] <= '9');	/* a kernel glibc would accept */
	CHECK(u.nodename[0] != '\0');
	CHECK_ERR(syscall(SYS_uname, bad), EFAULT);
}

static void getrandom_fills_and_checks_flags(void)
{
	unsigned char a[64] = { 0 }, b[64] = { 0 };
	void *volatile bad = (void *)8;

	CHECK_EQ(getrandom(a, sizeof(a), 0), 64);
	CHECK_EQ(getrandom(b, sizeof(b), GRND_NONBLOCK), 64);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK_EQ(getrandom(a, 16, GRND_RANDOM | GRND_NONBLOCK), 16);
	CHECK_EQ(getrandom(a, 0, 0), 0);
	CHECK_ERR(getrandom(a, 16, 0x40), EINVAL);
	CHECK_ERR(getrandom(a, 16, GRND_RANDOM | 0x4), EINVAL);	/* RANDOM with INSECURE */
	CHECK_ERR(getrandom(bad, 16, 0), EFAULT);
}

static void ids_match_the_auxv(void)
{
	CHECK_EQ(getuid(), getauxval(AT_UID));
	CHECK_EQ(geteuid(), getauxval(AT_EUID));
	CHECK_EQ(getgid(), getauxval(AT_GID));
	CHECK_EQ(getegid(), getauxval(AT_EGID));
}

static void rlimits(void)
{
	struct rlimit old, r, got;
	/* prlimit64's layout: two 64-bit words, as struct rlimit on x86_64. */
	struct rlimit n64, o64;

	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &r), 0);
	CHECK(r.rlim_cur <= r.rlim_max && r.rlim_cur >= 64);
	CHECK_EQ(getrlimit(RLIMIT_STACK, &r), 0);
	CHECK(r.rlim_cur >= 128 * 1024);
	/* set, get, prlimit64 agree; old is the value replaced. */
	CHECK_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
	r.rlim_cur = 123456;
	r.rlim_max = old.rlim_max;
	CHECK_EQ(setrlimit(RLIMIT_FSIZE, &r), 0);
	CHECK_EQ(getrlimit(RLIMIT_FSIZE, &got), 0);
	CHECK_EQ(got.rlim_cur, 123456);
	n64.rlim_cur = 654321;
	n64.rlim_max = old.rlim_max;
	CHECK_EQ(syscall(SYS_prlimit64, 0, RLIMIT_FSIZE, &n64, &o64), 0);
	CHECK_EQ(o64.rlim_cur, 123456);
	CHECK_EQ(syscall(SYS_prlimit64, getpid(), RLIMIT_FSIZE, NULL, &o64), 0);
	CHECK_EQ(o64.rlim_cur, 654321);
	CHECK_EQ(setrlimit(RLIMIT_FSIZE, &old), 0);
	/* Errors. */
	r.rlim_cur = 10;
	r.rlim_max = 5;
	CHECK_ERR(setrlimit(RLIMIT_CORE, &r), EINVAL);
	CHECK_ERR(syscall(SYS_getrlimit, RLIM_NLIMITS, &r), EINVAL);
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIM_NLIMITS, NULL, &o64), EINVAL);
	CHECK_ERR(syscall(SYS_prlimit64, 0x3ffffff0, RLIMIT_CORE, NULL, &o64), ESRCH);
	CHECK_ERR(syscall(SYS_getrlimit, RLIMIT_CORE, (void *)8), EFAULT);
	CHECK_ERR(syscall(SYS_setrlimit, RLIMIT_CORE, (void *)8), EFAULT);
	CHECK_EQ(getrlimit(RLIMIT_FSIZE, &got), 0);
	CHECK_EQ(got.rlim_cur, old.rlim_cur);
}

static void sysinfo_reports_memory(void)
{
	struct sysinfo si;
	void *volatile bad = (void *)8;

	CHECK_EQ(sysinfo(&si), 0);
	CHECK(si.uptime > 0);
	CHECK(si.mem_unit > 0);
	CHECK(si.totalram > 0 && si.freeram <= si.totalram);
	CHECK_ERR(syscall(SYS_sysinfo, bad), EFAULT);
}

int main(void)
{
	uname_says_linux();
	getrandom_fills_and_checks_flags();
	ids_match_the_auxv();
	rlimits();
	sysinfo_reports_memory();
	return t_exit();
}
