/*
 * Self-tests of sysinfo.c (suite sysinfo): uptime from the clock, memory
 * from the page allocator, the layout's size, -EFAULT.
 */
#include "ktest.h"
#include "syscalls.h"
#include "errno.h"
#include "mm.h"
#include "string.h"
#include "time.h"
#include "uapi/sysinfo.h"
#include <asm/boot_defs.h>

KTEST(sysinfo, uptime_and_memory)
{
	struct sysinfo v;
	uint64_t before = ktime_get_ns() / 1000000000ULL;

	EXPECT_EQ(sizeof(struct sysinfo), 112);
	memset(&v, 0x55, sizeof(v));
	EXPECT_EQ(sys_sysinfo(&v), 0);
	EXPECT_GE(v.uptime, (long)before);
	EXPECT_LE(v.uptime, (long)before + 2);
	EXPECT_EQ(v.mem_unit, 1);
	EXPECT_EQ(v.totalram, nr_total_pages() * PAGE_SIZE);
	EXPECT_GT(v.freeram, 0);
	EXPECT_LE(v.freeram, v.totalram);
	EXPECT_EQ(v.totalswap, 0);
	EXPECT_EQ(v.loads[0], 0);
	EXPECT_EQ(sys_sysinfo((void __user *)0x8000000000000000UL), -EFAULT);
}
