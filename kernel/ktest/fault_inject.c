/*
 * Fault injection (include/fault_inject.h).
 *
 * should_fail_alloc() runs on every allocation, so it first reads one
 * flag, fault_armed, set the first time anything is configured; until
 * then it costs a load.  Armed, a candidate is checked against the
 * calling task's countdown and its point's attributes; a site filter, if
 * set, is checked by walking the frame pointers and matching each
 * function name.  The random numbers come from one xorshift state updated
 * without a lock: a lost update only repeats a number.
 */
#include "fault_inject.h"
#include "task.h"
#include "report.h"
#include "kallsyms.h"
#include "glob.h"
#include "spinlock.h"
#include "printk.h"
#include "string.h"
#include "errno.h"

#define SITE_GLOB_MAX	48
#define MAX_SITES	256
#define MAX_FRAMES	16

struct fault_attr failslab = { .name = "failslab", .times = ATOMIC_INIT(-1) };
struct fault_attr fail_page_alloc = { .name = "fail_page_alloc", .times = ATOMIC_INIT(-1) };
struct fault_attr fail_percpu = { .name = "fail_percpu", .times = ATOMIC_INIT(-1) };

static bool fault_armed;
static char site_glob[SITE_GLOB_MAX];
static uint64_t rnd_state = 0x2545f4914f6cdd1dULL;

static DEFINE_SPINLOCK(sites_lock);
static unsigned long sites[MAX_SITES];
static int nr_sites;

static unsigned int random_percent(void)
{
	uint64_t x = READ_ONCE(rnd_state);

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	WRITE_ONCE(rnd_state, x);
	return (unsigned int)(x % 100);
}

/* Allocator frames are not sites: the site is who called them. */
static bool is_allocator(const char *name)
{
	static const char *const prefixes[] = {
		"kmalloc", "kzalloc", "alloc_page", "get_zeroed_page", "__alloc_percpu",
		"should_fail", "fault_", "slab_",
	};

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* The allocation site of this call, and whether the stack matches the site filter. */
static unsigned long find_site(bool *matches)
{
	unsigned long frames[MAX_FRAMES], start, size, site = 0;
	int n = unwind_frames((unsigned long)__builtin_frame_address(0), frames, MAX_FRAMES);

	*matches = !site_glob[0];
	for (int i = 0; i < n; i++) {
		const char *name = kallsyms_lookup(frames[i] - 1, &start, &size);

		if (!name)
			continue;
		if (!site && !is_allocator(name))
			site = frames[i];
		if (!*matches && glob_match(site_glob, name))
			*matches = true;
	}
	return site;
}

static void record_site(unsigned long site)
{
	unsigned long flags = spin_lock_irqsave(&sites_lock);
	int i;

	for (i = 0; i < nr_sites && sites[i] != site; i++)
		;
	if (i == nr_sites && nr_sites < MAX_SITES)
		sites[nr_sites++] = site;
	spin_unlock_irqrestore(&sites_lock, flags);
}

static bool attr_says_fail(struct fault_attr *a)
{
	long n, left = atomic_long_read(&a->times);

	if (!a->probability || !left)
		return false;
	n = atomic_long_inc_return(&a->candidates);
	if (a->interval > 1 && n % (long)a->interval)
		return false;
	if (random_percent() >= a->probability)
		return false;
	/* A limited count is spent atomically: two CPUs cannot take the last one. */
	return left < 0 || atomic_long_add_unless(&a->times, -1, 0);
}

bool should_fail_alloc(struct fault_attr *attr)
{
	struct task *t;
	unsigned long site;
	bool matches, fail = false;

	if (likely(!READ_ONCE(fault_armed)))
		return false;
	t = current;
	if (!t->fail_nth && !attr->probability)
		return false;
	site = find_site(&matches);
	if (!matches)
		return false;
	if (t->fail_nth)
		fail = --t->fail_nth == 0;
	else
		fail = attr_says_fail(attr);
	if (fail) {
		atomic_long_inc(&attr->failures);
		record_site(site);
	}
	return fail;
}

const char *fault_spec_parse(const char *value, struct fault_spec *spec)
{
	static const char usage[] = "expected <interval>,<probability 0-100>,<times or -1>";
	unsigned long f[3] = { 0, 0, 0 };
	int field = 0;
	bool neg = false, digits = false;

	if (!value)
		return usage;
	for (const char *p = value;; p++) {
		if (*p >= '0' && *p <= '9' && f[field] < 100000000) {
			f[field] = f[field] * 10 + (unsigned long)(*p - '0');
			digits = true;
		} else if (*p == '-' && field == 2 && !digits && !neg) {
			neg = true;
		} else if (*p == ',' && field < 2 && digits) {
			field++;
			digits = false;
		} else if (*p == '\0' && field == 2 && digits && f[1] <= 100 && (!neg || f[2] == 1)) {
			break;
		} else {
			return usage;
		}
	}
	spec->interval = f[0];
	spec->probability = (unsigned int)f[1];
	spec->times = neg ? -1 : (long)f[2];
	return NULL;
}

void fault_attr_set(struct fault_attr *attr, const struct fault_spec *spec)
{
	attr->interval = spec->interval;
	atomic_long_set(&attr->times, spec->times);
	attr->probability = spec->probability;
	if (spec->probability)
		WRITE_ONCE(fault_armed, true);
}

int fault_inject_fail_nth(int n)
{
	int left = current->fail_nth;

	if (n > 0)
		WRITE_ONCE(fault_armed, true);
	current->fail_nth = n > 0 ? n : 0;
	return left;
}

void fault_inject_set_site(const char *glob)
{
	size_t n = glob ? strlen(glob) : 0;

	if (n >= SITE_GLOB_MAX)
		n = SITE_GLOB_MAX - 1;
	memcpy(site_glob, glob ? glob : "", n);
	site_glob[n] = '\0';
}

int fault_inject_sites_failed(void)
{
	return READ_ONCE(nr_sites);
}

void fault_inject_print_sites(void)
{
	for (int i = 0; i < READ_ONCE(nr_sites); i++)
		printk("  # fault site %d: %pS\n", i + 1, (void *)sites[i]);
}

void fault_inject_reset_sites(void)
{
	unsigned long flags = spin_lock_irqsave(&sites_lock);

	nr_sites = 0;
	spin_unlock_irqrestore(&sites_lock, flags);
}
