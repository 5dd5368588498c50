/*
 * Self-tests of the work queue: items run on the CPU they were queued on,
 * in process context, once per pending period; flush and cancel wait.
 */
#include "ktest.h"
#include "workqueue.h"
#include "sched.h"
#include "smp.h"
#include "timer.h"
#include "atomic.h"

struct probe_work {
	struct work_struct work;
	atomic_t runs;
	int cpu;
	bool atomic_ctx;
	unsigned int sleep_ms;
};

static void probe_work_fn(struct work_struct *w)
{
	struct probe_work *p = container_of(w, struct probe_work, work);

	p->cpu = smp_processor_id();
	p->atomic_ctx = in_atomic();
	if (p->sleep_ms)
		msleep(p->sleep_ms);
	atomic_inc(&p->runs);
}

static void probe_init(struct probe_work *p, unsigned int sleep_ms)
{
	INIT_WORK(&p->work, probe_work_fn);
	atomic_set(&p->runs, 0);
	p->cpu = -1;
	p->atomic_ctx = true;
	p->sleep_ms = sleep_ms;
}

KTEST(workqueue, queue_work_on_each_cpu)
{
	int cpu;

	for_each_online_cpu(cpu) {
		struct probe_work p;

		probe_init(&p, 0);
		EXPECT_TRUE(queue_work_on(cpu, system_wq, &p.work));
		flush_work(&p.work);
		EXPECT_EQ(atomic_read(&p.runs), 1);
		EXPECT_EQ(p.cpu, cpu);
		EXPECT_FALSE(p.atomic_ctx);
	}
}

KTEST(workqueue, pending_work_is_queued_once)
{
	struct probe_work p;

	probe_init(&p, 20);
	EXPECT_TRUE(queue_work(system_wq, &p.work));
	msleep(5);	/* now running (sleeping inside), no longer pending */
	EXPECT_TRUE(queue_work(system_wq, &p.work));
	EXPECT_FALSE(queue_work(system_wq, &p.work));
	EXPECT_TRUE(flush_work(&p.work));
	EXPECT_EQ(atomic_read(&p.runs), 2);
	EXPECT_FALSE(flush_work(&p.work));
}

KTEST(workqueue, cancel_removes_pending_and_waits_for_running)
{
	struct probe_work busy, queued;
	int cpu = smp_processor_id();

	probe_init(&busy, 30);
	probe_init(&queued, 0);
	EXPECT_TRUE(queue_work_on(cpu, system_wq, &busy.work));
	EXPECT_TRUE(queue_work_on(cpu, system_wq, &queued.work));
	msleep(5);
	EXPECT_TRUE(cancel_work_sync(&queued.work));	/* behind busy: still pending */
	EXPECT_FALSE(cancel_work_sync(&busy.work));	/* running: waited for */
	EXPECT_EQ(atomic_read(&busy.runs), 1);
	msleep(10);
	EXPECT_EQ(atomic_read(&queued.runs), 0);
}
