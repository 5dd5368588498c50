/*
 * Self-tests of ODEBUG (suite debugobjects): each report it exists for, with the
 * repair that lets the kernel carry on, and the quiet cases.  The first is
 * the seed's second crash: memory freed while a work item inside it is
 * still queued ("WARNING: ODEBUG bug in io_sqe_files_unregister" on Linux).
 */
#include "ktest.h"
#include "debugobjects.h"
#include "workqueue.h"
#include "timer.h"
#include "slab.h"
#include "smp.h"
#include "time.h"
#include "wait.h"
#include "atomic.h"

static atomic_t table_work_ran;

struct table_data {
	struct work_struct work;
	int files[8];
};

static void table_work_fn(struct work_struct *w)
{
	(void)w;
	atomic_inc(&table_work_ran);
}

struct blocker {
	struct work_struct work;
	struct completion go;
};

static void blocker_fn(struct work_struct *w)
{
	wait_for_completion(&container_of(w, struct blocker, work)->go);
}

/* Plays io_sqe_files_unregister in the seed: frees the table, work still queued. */
static __noinline void free_table_data(struct table_data *d)
{
	kfree(d);
}

KTEST_OPTS(debugobjects, free_with_queued_work_reported,
	   .expect_report = "WARNING: ODEBUG bug in free_table_data")
{
	struct table_data *d = kzalloc(sizeof(*d));
	struct blocker b;
	int cpu = smp_processor_id();

	ASSERT_NOT_NULL(d);
	atomic_set(&table_work_ran, 0);
	INIT_WORK(&b.work, blocker_fn);
	init_completion(&b.go);
	INIT_WORK(&d->work, table_work_fn);
	/* The blocker holds this CPU's worker, so d->work stays queued behind it. */
	EXPECT_TRUE(queue_work_on(cpu, system_wq, &b.work));
	EXPECT_TRUE(queue_work_on(cpu, system_wq, &d->work));
	free_table_data(d);
	complete(&b.go);
	flush_work(&b.work);
	msleep(5);
	EXPECT_EQ(atomic_read(&table_work_ran), 0);	/* the fixup dequeued it */
}

KTEST_OPTS(debugobjects, queue_uninitialized_work_reported,
	   .expect_report = "WARNING: ODEBUG bug in queue_work_on")
{
	struct work_struct *w = kzalloc(sizeof(*w));

	ASSERT_NOT_NULL(w);
	EXPECT_FALSE(queue_work(system_wq, w));	/* refused: never INIT_WORK'd */
	kfree(w);
}

static void never_fn(struct timer_list *t)
{
	(void)t;
}

struct timed {
	struct timer_list timer;
};

static __noinline void free_timed(struct timed *t)
{
	kfree(t);
}

KTEST_OPTS(debugobjects, free_with_armed_timer_reported,
	   .expect_report = "WARNING: ODEBUG bug in free_timed")
{
	struct timed *t = kzalloc(sizeof(*t));

	ASSERT_NOT_NULL(t);
	timer_setup(&t->timer, never_fn);
	mod_timer(&t->timer, jiffies + 3600 * HZ);
	free_timed(t);		/* the fixup disarms it before the memory goes */
}

KTEST(debugobjects, idle_objects_free_quietly)
{
	struct table_data *d = kzalloc(sizeof(*d));
	struct timed *t = kzalloc(sizeof(*t));
	unsigned long reports = debug_objects_reports();
	int tracked = debug_objects_tracked();

	ASSERT_NOT_NULL(d);
	ASSERT_NOT_NULL(t);
	INIT_WORK(&d->work, table_work_fn);
	EXPECT_TRUE(queue_work(system_wq, &d->work));
	flush_work(&d->work);			/* ran: inactive */
	timer_setup(&t->timer, never_fn);
	mod_timer(&t->timer, jiffies + 3600 * HZ);
	EXPECT_TRUE(del_timer_sync(&t->timer));	/* disarmed: inactive */
	EXPECT_EQ(debug_objects_tracked(), tracked + 2);
	kfree(d);
	kfree(t);
	EXPECT_EQ(debug_objects_tracked(), tracked);	/* forgotten with their memory */
	EXPECT_EQ(debug_objects_reports(), reports);
}
