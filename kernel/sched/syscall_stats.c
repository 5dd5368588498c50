/*
 * Per-task system-call counts (include/syscall_stats.h): the boot option
 * syscall_stats[=GLOB], a table per counting task, a line at exit, and
 * /dev/syscall_stats keeping the last lines for programs to read.
 *
 * Counting.  do_syscall_64 calls syscall_stats_count(nr) before each call;
 * with the option off that is one load and a not-taken branch.  On, the
 * task's table (one 32-bit counter per number, NR_syscalls of them) is made
 * at its first call and only ever touched by the task itself, so the
 * counters need no lock and no atomics.  execve zeroes them at its point
 * of no return, after the execve was counted in the old program's table,
 * so a record covers exactly one program from its first instruction.  A
 * table that cannot be allocated becomes the shared `lost` marker, never
 * written: that program's record says "lost" instead of wrong numbers.
 *
 * Reporting.  do_exit calls syscall_stats_exit before the parent can be
 * told, so once wait4 returns the record is printed and readable.  The
 * last SYSCALL_STATS_RECORDS records matching the glob sit in a ring under
 * records_lock, which only copies text: formatting happens before it.
 * Exits on several CPUs at once each take one slot, in lock order.
 */
#include "syscall_stats.h"
#include "slab.h"
#include "string.h"
#include "printf.h"
#include "printk.h"
#include "panic.h"
#include "glob.h"
#include "spinlock.h"
#include "file.h"
#include "ramfs.h"
#include "uaccess.h"
#include "errno.h"
#include <asm/syscall.h>

#define GLOB_MAX	64

struct syscall_counts {
	uint32_t n[NR_syscalls];
};

bool syscall_stats_on;
static char stats_glob[GLOB_MAX];

/* Marks a task whose table could not be allocated: never written, never freed. */
static struct syscall_counts lost;

static DEFINE_SPINLOCK(records_lock);
static struct {
	int pid;
	char line[SYSCALL_STATS_LINE];
} records[SYSCALL_STATS_RECORDS];
static unsigned long records_next;	/* records ever kept: the next goes to records_next % N */

void syscall_stats_set(const char *glob)
{
	if (!glob) {
		WRITE_ONCE(syscall_stats_on, false);
		return;
	}
	strlcpy(stats_glob, glob, sizeof(stats_glob));
	WRITE_ONCE(syscall_stats_on, true);
}

const char *syscall_stats_glob(void)
{
	return READ_ONCE(syscall_stats_on) ? stats_glob : NULL;
}

void __syscall_stats_count(unsigned int nr)
{
	struct task *t = current;

	if (!t->syscall_counts) {
		t->syscall_counts = kzalloc(sizeof(struct syscall_counts));
		if (!t->syscall_counts)
			t->syscall_counts = &lost;
	}
	if (t->syscall_counts != &lost && nr < NR_syscalls)
		t->syscall_counts->n[nr]++;
}

void syscall_stats_exec(struct task *t)
{
	if (t->syscall_counts == &lost)
		t->syscall_counts = NULL;	/* the new program tries again */
	else if (t->syscall_counts)
		memset(t->syscall_counts, 0, sizeof(*t->syscall_counts));
}

/* t's record of counts c, "syscalls: pid P comm C total T name N ...\n", into line; its length. */
static int format_record(const struct task *t, const struct syscall_counts *c, char *line)
{
	/* Room kept for " ...\n" if the names do not all fit. */
	const size_t room = SYSCALL_STATS_LINE - 5;
	unsigned long total = 0;
	int len;

	len = scnprintf(line, room, "syscalls: pid %d comm %s", t->pid, t->comm);
	if (c == &lost)
		return len + scnprintf(line + len, SYSCALL_STATS_LINE - len, " lost\n");
	for (unsigned int nr = 0; nr < NR_syscalls; nr++)
		total += c->n[nr];
	len += scnprintf(line + len, room - len, " total %lu", total);
	for (unsigned int nr = 0; nr < NR_syscalls; nr++) {
		char item[48];
		int n;

		if (!c->n[nr])
			continue;
		if (syscall_names[nr])
			n = scnprintf(item, sizeof(item), " %s %u", syscall_names[nr], c->n[nr]);
		else
			n = scnprintf(item, sizeof(item), " nr%u %u", nr, c->n[nr]);
		if ((size_t)len + (size_t)n >= room)
			return len + scnprintf(line + len, SYSCALL_STATS_LINE - len, " ...\n");
		memcpy(line + len, item, (size_t)n + 1);
		len += n;
	}
	return len + scnprintf(line + len, SYSCALL_STATS_LINE - len, "\n");
}

void syscall_stats_exit(struct task *t)
{
	char *line;
	unsigned long flags;
	struct syscall_counts *c = t->syscall_counts;

	if (!c)
		return;
	t->syscall_counts = NULL;
	if (READ_ONCE(syscall_stats_on) && glob_match(stats_glob, t->comm)) {
		line = kmalloc(SYSCALL_STATS_LINE);
		if (line) {
			format_record(t, c, line);
			pr_info("%s", line);
			flags = spin_lock_irqsave(&records_lock);
			records[records_next % SYSCALL_STATS_RECORDS].pid = t->pid;
			strlcpy(records[records_next % SYSCALL_STATS_RECORDS].line, line,
				SYSCALL_STATS_LINE);
			records_next++;
			spin_unlock_irqrestore(&records_lock, flags);
			kfree(line);
		}
	}
	if (c != &lost)
		kfree(c);
}

int syscall_stats_find(int pid, char *buf, size_t size)
{
	unsigned long flags = spin_lock_irqsave(&records_lock);
	unsigned long first = records_next > SYSCALL_STATS_RECORDS ?
				      records_next - SYSCALL_STATS_RECORDS :
				      0;
	int ret = -1;

	for (unsigned long i = records_next; i-- > first;) {
		if (records[i % SYSCALL_STATS_RECORDS].pid == pid) {
			strlcpy(buf, records[i % SYSCALL_STATS_RECORDS].line, size);
			ret = (int)strlen(records[i % SYSCALL_STATS_RECORDS].line);
			break;
		}
	}
	spin_unlock_irqrestore(&records_lock, flags);
	return ret;
}

#define DUMP_MAX	(SYSCALL_STATS_RECORDS * SYSCALL_STATS_LINE)

/* The kept records, oldest first, as one text from *pos on. */
static ssize_t stats_read(struct file *f, void *buf, size_t len, long long *pos)
{
	char *text = kmalloc(DUMP_MAX);
	unsigned long flags, first;
	size_t n = 0;
	ssize_t ret;

	(void)f;
	if (!text)
		return -ENOMEM;
	flags = spin_lock_irqsave(&records_lock);
	first = records_next > SYSCALL_STATS_RECORDS ? records_next - SYSCALL_STATS_RECORDS : 0;
	for (unsigned long i = first; i < records_next; i++)
		n += strlcpy(text + n, records[i % SYSCALL_STATS_RECORDS].line, DUMP_MAX - n);
	spin_unlock_irqrestore(&records_lock, flags);
	if (*pos < 0 || (unsigned long long)*pos >= n) {
		ret = 0;
	} else {
		if (len > n - (size_t)*pos)
			len = n - (size_t)*pos;
		ret = copy_to_user(buf, text + *pos, len) ? -EFAULT : (ssize_t)len;
		if (ret > 0)
			*pos += ret;
	}
	kfree(text);
	return ret;
}

/* Seekable, so pread works: a reader takes the whole text from offset 0. */
static long long stats_llseek(struct file *f, long long offset, int whence)
{
	if (whence != SEEK_SET || offset < 0)
		return -EINVAL;
	return f->f_pos = offset;
}

static const struct file_operations stats_fops = {
	.read = stats_read,
	.llseek = stats_llseek,
	.name = "syscall_stats",
};

void syscall_stats_dev_init(void)
{
	int err;

	if (!syscall_stats_on)
		return;
	err = ramfs_mknod("/dev/syscall_stats", 0444, &stats_fops);
	if (err)
		panic("syscall_stats: cannot make /dev/syscall_stats (%d)", err);
}
