/*
 * Self-tests of how a fixed-file generation is released and freed (suite
 * uring_files_release), the two claims at the top of files.c that the
 * other suites do not pin down:
 *
 *   - Teardown frees the table only after the last generation's release,
 *     on the ring *close* path too.  Rings are closed right after an
 *     update, many times on every CPU, with the seed's window widened
 *     (percpu_ref_confirm_delay_us): the update's RCU callback, on the
 *     updater's CPU, lingers after its confirm hook while teardown runs
 *     on another CPU.  A teardown that took "safe to free" from a confirm
 *     hook frees a generation under that callback: WARNING in
 *     percpu_ref_exit, or ODEBUG reporting an rcu_head freed while
 *     queued.  ktest fails a test that prints a report.
 *
 *   - The removed files are put where the kernel may be preempted, never
 *     in the release (which runs with preemption off, maybe inside an RCU
 *     callback).  A full table of FILES_MAX_FDS distinct files (the
 *     most RLIMIT_NOFILE allows) is emptied by one update; each file's
 *     release records whether it ran in atomic context.  Meanwhile a thread on another CPU times
 *     synchronize_rcu(), reported for the record: fputs in an RCU callback
 *     hold off every grace period for as long as they take.
 */
#include "../testlib/harness.h"
#include "errno.h"
#include "slab.h"
#include "atomic.h"
#include "sched.h"
#include "smp.h"
#include "time.h"
#include "timer.h"
#include "printk.h"
#include "percpu_ref.h"
#include "rcupdate.h"
#include "preempt.h"
#include <asm/x86.h>

#define SEED_WINDOW_US	3000	/* as docs/uring.md's repro: percpu_ref.confirm_delay_us=3000 */
#define CLOSES		400

/* Widens the seed's window for one test, unless the command line already did. */
static unsigned int widen_seed_window(void)
{
	unsigned int saved = READ_ONCE(percpu_ref_confirm_delay_us);

	if (saved < SEED_WINDOW_US)
		WRITE_ONCE(percpu_ref_confirm_delay_us, SEED_WINDOW_US);
	return saved;
}

/*
 * One ring closed right after an update.  The update retires a generation
 * whose switch's RCU callback runs on this CPU; the close queues teardown
 * on the CPUs in turn (setup.c), so it often runs on another one while
 * that callback is still pending or lingering.  Odd iterations also retire
 * a generation from an io-wq worker, whose CPU is a third party.
 */
static int close_after_update(int iteration)
{
	struct io_uring ring;
	int32_t fds[2];
	int err = 0;

	if (io_uring_queue_init(4, &ring, 0))
		return 1;
	fds[0] = uring_test_install(null_file_open());
	fds[1] = uring_test_install(zero_file_open());
	if (io_uring_register_files(&ring, fds, 2))
		err = 1;
	if (!err && iteration % 2) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		io_uring_prep_files_update(sqe, &fds[1], 1, 0);
		sqe->flags = IOSQE_ASYNC;
		if (uring_test_submit_wait(&ring, NULL) != 1)
			err = 1;
	}
	if (!err && io_uring_register_files_update(&ring, 1, &fds[0], 1) != 1)
		err = 1;
	fd_close(current->files, fds[0]);
	fd_close(current->files, fds[1]);
	io_uring_queue_exit(&ring);	/* waits for teardown, wherever it runs */
	return err;
}

static atomic_t closes_done;

static int close_after_update_thread(void *arg)
{
	int per_thread = *(int *)arg, errors = 0;

	for (int i = 0; i < per_thread; i++) {
		errors += close_after_update(i);
		atomic_inc(&closes_done);
	}
	return errors;
}

KTEST(uring_files_release, close_right_after_update_waits_for_last_release)
{
	int per_thread = DIV_ROUND_UP(CLOSES, num_online_cpus());
	unsigned int saved = widen_seed_window();

	uring_test_files_begin();
	atomic_set(&closes_done, 0);
	EXPECT_EQ(ktest_run_threads(close_after_update_thread, &per_thread, 1), 0);
	EXPECT_GE(atomic_read(&closes_done), CLOSES);
	uring_test_files_end();
	WRITE_ONCE(percpu_ref_confirm_delay_us, saved);
}

/* Files whose last fput records the context it ran in. */
static atomic_t probes_released, probes_released_atomic;

static void probe_release(struct file *f)
{
	(void)f;
	if (in_atomic() || irqs_disabled())
		atomic_inc(&probes_released_atomic);
	atomic_inc(&probes_released);
}

static const struct file_operations probe_fops = {
	.release = probe_release,
	.name = "release_probe",
};

/* Times synchronize_rcu() on its CPU until told to stop. */
struct gp_timer {
	bool stop;
	uint64_t max_ns, total_ns;
	unsigned long rounds;
};

static int gp_timer_thread(void *arg)
{
	struct gp_timer *t = arg;

	while (!READ_ONCE(t->stop)) {
		uint64_t start = ktime_get_ns(), ns;

		synchronize_rcu();
		ns = ktime_get_ns() - start;
		t->total_ns += ns;
		t->rounds++;
		if (ns > t->max_ns)
			t->max_ns = ns;
	}
	return 0;
}

/*
 * The largest table: RLIMIT_NOFILE bounds a table's size (as in Linux
 * 6.1), and it can be raised to FILES_MAX_FDS at most.
 */
#define FULL_TABLE	FILES_MAX_FDS
/* Probe files installed at once: the fd table also holds the ring. */
#define PROBE_BATCH	(FILES_MAX_FDS / 2)

/* Fills every slot of a registered FULL_TABLE table with its own probe file. */
static bool fill_table_with_probes(struct io_uring *ring, int32_t *fds)
{
	for (int base = 0; base < FULL_TABLE; base += PROBE_BATCH) {
		bool ok = true;

		for (int i = 0; i < PROBE_BATCH; i++) {
			struct file *f = alloc_file(&probe_fops, NULL);

			fds[i] = f ? uring_test_install(f) : -1;
			ok &= fds[i] >= 0;
		}
		ok &= io_uring_register_files_update(ring, (unsigned int)base, fds, PROBE_BATCH) ==
		      PROBE_BATCH;
		/* From here the table holds each file's only reference. */
		for (int i = 0; i < PROBE_BATCH; i++)
			if (fds[i] >= 0)
				fd_close(current->files, fds[i]);
		if (!ok)
			return false;
	}
	return true;
}

KTEST(uring_files_release, full_table_is_put_where_it_may_be_preempted)
{
	int32_t *fds = kmalloc(FULL_TABLE * sizeof(int32_t));
	struct gp_timer timer = { .stop = false };
	struct task *timer_task = NULL;
	uint64_t start, put_ns;
	struct io_uring ring;
	unsigned long saved_nofile;

	ASSERT_NOT_NULL(fds);
	files_put(current->files);
	current->files = files_alloc(FILES_MAX_FDS);
	ASSERT_NOT_NULL(current->files);
	ASSERT_EQ(io_uring_queue_init(4, &ring, 0), 0);
	saved_nofile = uring_test_set_nofile(FULL_TABLE);
	EXPECT_EQ(io_uring_register_files_sparse(&ring, FULL_TABLE), 0);
	uring_test_set_nofile(saved_nofile);
	atomic_set(&probes_released, 0);
	atomic_set(&probes_released_atomic, 0);
	ASSERT_TRUE(fill_table_with_probes(&ring, fds));
	EXPECT_EQ(atomic_read(&probes_released), 0);

	if (num_online_cpus() > 1) {
		int cpu = nth_online_cpu((unsigned int)smp_processor_id() + 1);

		timer_task = kthread_run_on_cpu(gp_timer_thread, &timer, cpu, "gp_timer");
		EXPECT_NOT_NULL(timer_task);
		msleep(100);	/* a baseline before the release */
	}
	for (int i = 0; i < FULL_TABLE; i++)
		fds[i] = -1;
	start = ktime_get_ns();
	/* One update removes every file: one generation with FULL_TABLE to put. */
	EXPECT_EQ(io_uring_register_files_update(&ring, 0, fds, FULL_TABLE), FULL_TABLE);
	/* 12-24 ms on an idle machine: 5 s is room for a loaded one, and a wrong table fails fast. */
	KTEST_WAIT_UNTIL(atomic_read(&probes_released) == FULL_TABLE, 5000);
	put_ns = ktime_get_ns() - start;
	if (timer_task) {
		uint64_t mean_ns;

		msleep(50);
		WRITE_ONCE(timer.stop, true);
		kthread_stop(timer_task);
		mean_ns = timer.rounds ? timer.total_ns / timer.rounds : 0;
		printk("  # %d files put in %llu us; synchronize_rcu on another CPU meanwhile: "
		       "%lu rounds, mean %llu us, max %llu us\n",
		       FULL_TABLE, (unsigned long long)(put_ns / 1000), timer.rounds,
		       (unsigned long long)(mean_ns / 1000),
		       (unsigned long long)(timer.max_ns / 1000));
	}
	EXPECT_EQ(atomic_read(&probes_released), FULL_TABLE);
	EXPECT_EQ(atomic_read(&probes_released_atomic), 0);
	EXPECT_EQ(io_uring_unregister_files(&ring), 0);
	io_uring_queue_exit(&ring);
	uring_test_files_end();
	kfree(fds);
}
