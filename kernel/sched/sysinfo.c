/*
 * sysinfo(2): uptime and memory, as Linux 6.1's do_sysinfo reports them,
 * with mem_unit 1 (byte counts fit an unsigned long on x86_64).
 *
 * What ringlet does not keep reads 0, as Linux reports what it lacks:
 * the load averages (no load accounting), shared and buffer memory and
 * swap (none), high memory (none on x86_64), and the process count (the
 * scheduler keeps no count of tasks).
 */
#include "syscalls.h"
#include "errno.h"
#include "mm.h"
#include "string.h"
#include "time.h"
#include "uapi/sysinfo.h"
#include <asm/boot_defs.h>

#define NSEC_PER_SEC 1000000000ULL

SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, info)
{
	struct sysinfo v;
	uint64_t up = ktime_get_ns();

	memset(&v, 0, sizeof(v));
	/* Linux rounds a partial second up. */
	v.uptime = (long)(up / NSEC_PER_SEC + (up % NSEC_PER_SEC ? 1 : 0));
	v.totalram = nr_total_pages() * PAGE_SIZE;
	v.freeram = nr_free_pages() * PAGE_SIZE;
	v.mem_unit = 1;
	return copy_to_user(info, &v, sizeof(v)) ? -EFAULT : 0;
}
