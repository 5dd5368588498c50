/*
 * The benchmark runner (see include/kbench.h).  Threads on every CPU wait
 * at a start line, run their loop, and the time from the start signal to
 * the last thread's finish, divided by the iterations, is the figure: the
 * cost of one operation while every CPU does the same at once, which is
 * what shows whether a design scales.
 */
#include "kbench.h"
#include "sched.h"
#include "smp.h"
#include "time.h"
#include "printk.h"
#include "glob.h"
#include "printf.h"
#include "atomic.h"
#include <asm/qemu.h>
#include <asm/x86.h>
#include "timer.h"
#include "panic.h"

extern const struct kbench __kbench_start[], __kbench_end[];

struct bench_run {
	void (*fn)(void *arg, unsigned long iters);
	void *arg;
	unsigned long iters;
	atomic_t ready, finished;
	volatile bool go;
	struct completion done;
};

static int bench_thread(void *p)
{
	struct bench_run *r = p;

	atomic_inc(&r->ready);
	while (!r->go)
		cpu_relax();
	r->fn(r->arg, r->iters);
	if (atomic_dec_and_test(&r->finished))
		complete(&r->done);
	return 0;
}

void kbench_on_all_cpus(const char *name, void (*fn)(void *, unsigned long), void *arg,
			unsigned long iters)
{
	struct bench_run r = { .fn = fn, .arg = arg, .iters = iters, .go = false };
	struct task *threads[NR_CPUS];
	int n = 0, cpu;
	uint64_t t0, ns;

	atomic_set(&r.ready, 0);
	atomic_set(&r.finished, num_online_cpus());
	init_completion(&r.done);
	for_each_online_cpu(cpu) {
		threads[n] = kthread_run_on_cpu(bench_thread, &r, cpu, "bench/%d", cpu);
		if (!threads[n])
			panic("kbench: cannot start a thread on CPU %d", cpu);
		n++;
	}
	while (atomic_read(&r.ready) < n)
		msleep(1);
	t0 = ktime_get_ns();
	r.go = true;
	wait_for_completion(&r.done);
	ns = ktime_get_ns() - t0;
	for (int i = 0; i < n; i++)
		kthread_stop(threads[i]);
	kbench_print(name, iters, ns);
}

void kbench_print(const char *name, unsigned long iters, uint64_t ns)
{
	printk("BENCH %s cpus=%d iters=%lu ns_per_op=%llu.%01llu\n", name, num_online_cpus(), iters,
	       (unsigned long long)(ns / iters), (unsigned long long)(ns * 10 / iters % 10));
}

void kbench_run_all(const char *filter)
{
	for (const struct kbench *b = __kbench_start; b < __kbench_end; b++) {
		char full[96];

		snprintf(full, sizeof(full), "%s.%s", b->group, b->name);
		if (glob_match(filter, full))
			b->fn();
	}
	printk("BENCH_DONE\n");
	qemu_exit(QEMU_EXIT_PASS);
}
