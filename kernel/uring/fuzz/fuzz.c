/*
 * The SQE fuzzer (suite uring_fuzz): kernel threads play applications
 * that feed their rings random and mutated input, and the kernel must
 * neither crash, nor warn, nor leak, nor return what its contract does
 * not allow.  Options (include/cmdline.h): uring_fuzz.inputs=N,
 * uring_fuzz.rng_seed=N; with none, a short run for `make test`.  The RNG
 * seed is printed first; see stress.h for what a replay repeats.
 *
 * Inputs.  One fuzzer thread per CPU, each with a descriptor table of its
 * own (a random IORING_OP_CLOSE can only hurt its owner) that is made
 * afresh, with a null, a zero and two ramfs files, for every round.  A
 * round sets up a ring (sometimes a second one, used only as a file and a
 * register target), sometimes registers files, and then feeds inputs, each
 * one of:
 *   - an SQE: a plausible one for a random opcode with some fields made
 *     wrong, or 64 random bytes, then sometimes a few bytes mutated: every
 *     field, reserved ones included; bad fixed indexes, huge lengths,
 *     garbage pointers; published with sometimes-garbage SQ array entries
 *     and SQ tail, and submitted by io_uring_enter with random counts and
 *     flags (or not at all, until a later enter);
 *   - an io_uring_register call: random opcode, fd, argument and count;
 *   - an io_uring_setup call with random entries and parameters;
 *   - an io_uring_enter call with random fd, counts and flags;
 *   - the application scribbling on the shared ring: random values in SQ
 *     array entries, the SQ tail, the CQ head (anywhere, even past the
 *     tail: Linux tolerates any value there, and so must ringlet), and
 *     the fields the kernel owns;
 *   - an io_uring_mmap query; reaping CQEs.
 * The round ends by closing the rings (armed timeouts of any length and
 * everything else in flight are cancelled by the teardown).
 *
 * What is checked.  A crash or any report (WARN, BUG, a poisoned object)
 * fails the test through ktest, and under `make fuzz` (panic_on_warn)
 * ends the boot, so tests/stress.py finds it in the log.  The fuzzer
 * itself checks every return value against the call's contract (the
 * errors documented in include/io_uring.h and kernel/uring/; see
 * fuzz_calls.c), that CQE results are in range while nothing scribbled on
 * the CQ ring, that a plain request on a ring's fd gets -EBADF, and that
 * a ring always closes; each violation is counted as a crash in the
 * summary line "# uring_fuzz: inputs=N crashes=C rng_seed=S" and fails the
 * test.  The leak check after the test covers rings, requests,
 * generations, files, objects and pages.  The files are ones that never
 * block (null, zero, ramfs), and every io_uring_enter that may wait has
 * an alarm.  fuzz.h lists the files the fuzzer is cut into.
 *
 * One known way to hang a thread is kept out: IORING_UNREGISTER_FILES
 * waits, uninterruptibly, for every request holding a fixed file, and one
 * drained or linked behind a timeout of a day waits a day.  So once a
 * timeout that may be long is published on a ring, that ring is no longer
 * unregistered for the rest of the round (Linux's io_rsrc_ref_quiesce
 * waits interruptibly; ringlet's does not).
 *
 * What it found.  IORING_UNREGISTER_FILES waited for fixed-file requests
 * holding uring_lock, which a worker's IORING_OP_FILES_UPDATE needs, and
 * a plain request on a ring's own fd kept that ring from ever closing;
 * both are fixed, with regression tests
 * uring_files_unregister.unregister_waits_without_blocking_a_worker_update and
 * uring_ops.requests_on_the_rings_own_fd_are_refused.
 */
#include "fuzz.h"
#include "errno.h"
#include "slab.h"
#include "smp.h"
#include "mm.h"
#include "printk.h"
#include "fault_inject.h"

void fz_report(struct fuzz *f, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stress_vreport(&f->anomalies, f->rng_seed, file, line, fmt, ap);
	va_end(ap);
}

static bool fz_done(struct fuzz *f)
{
	return atomic_long_read(&f->used) >= (long)f->inputs ||
	       (f->deadline_ns && ktime_get_ns() >= f->deadline_ns);
}

/* Takes one input from the budget; false once it is spent. */
bool fz_take(struct fuzz *f, int kind)
{
	if (f->deadline_ns && ktime_get_ns() >= f->deadline_ns)
		return false;
	if (atomic_long_inc_return(&f->used) > (long)f->inputs) {
		atomic_long_dec(&f->used);
		return false;
	}
	atomic_long_inc(&f->stats[kind]);
	return true;
}

static void fz_install_files(struct fz_thread *th)
{
	struct file *files[FZ_FILES] = { null_file_open(), zero_file_open(), ramfs_create("fuzz0"),
					 ramfs_create("fuzz1") };

	for (int i = 0; i < FZ_FILES; i++)
		th->fds[i] = files[i] ? uring_test_install(files[i]) : -1;
}

/* A ring to fuzz: small, sometimes with a larger CQ ring. */
static int fz_main_ring(struct fz_thread *th, struct fz_ring *r, uint32_t max_entries)
{
	struct io_uring_params p;
	uint32_t entries = 1 + fz_below(th, max_entries);

	memset(&p, 0, sizeof(p));
	if (fz_chance(th, 30)) {
		p.flags = IORING_SETUP_CQSIZE;
		p.cq_entries = entries * (1 + fz_below(th, 8));
	}
	return fz_ring_setup(r, entries, &p);
}

static void fz_round(struct fuzz *f, struct fz_thread *th)
{
	int inputs = 20 + (int)fz_below(th, 200), ret;

	uring_test_files_begin();
	fz_install_files(th);
	th->r2.fd = -1;
	ret = fz_main_ring(th, &th->r, 64);
	if (ret < 0) {
		/* Allocations may be made to fail (failslab=...): that is no anomaly. */
		if (ret != -ENOMEM)
			fz_anomaly(f, "setting up a ring: %d", ret);
		uring_test_files_end();
		return;
	}
	if (fz_chance(th, 30) && fz_main_ring(th, &th->r2, 8) < 0)
		th->r2.fd = -1;
	fz_fill_areas(f, th);
	if (fz_chance(th, 50))
		io_uring_register((unsigned int)th->r.fd, IORING_REGISTER_FILES, th->fdarr,
				  1 + fz_below(th, 32));
	atomic_long_inc(&f->stats[FS_ROUNDS]);

	while (inputs-- > 0 && !fz_done(f)) {
		uint32_t k = fz_below(th, 100);

		if (k < 55)
			fz_input_sqes(f, th);
		else if (k < 70)
			fz_input_register(f, th);
		else if (k < 78)
			fz_input_scribble(f, th);
		else if (k < 86)
			fz_input_enter(f, th);
		else if (k < 88)
			fz_input_setup(f, th);
		else if (k < 90)
			fz_input_mmap(f, th);
		else if (k < 98)
			fz_reap(f, &th->r);
		else
			fz_fill_areas(f, th);
	}
	/* Nothing can hold a ring's file (prep and registration refuse ring fds): either order. */
	fz_ring_close(f, &th->r);
	fz_ring_close(f, &th->r2);
	uring_test_files_end();
}

static int fz_thread_fn(void *arg)
{
	struct fuzz *f = arg;
	struct fz_thread *th = kzalloc(sizeof(*th));
	int index = atomic_inc_return(&f->next_thread) - 1;

	if (th) {
		th->buf = kzalloc(FZ_BUF);
		th->iov = kzalloc(FZ_IOVS * sizeof(*th->iov));
		th->fdarr = kzalloc(FZ_FDARR * sizeof(*th->fdarr));
		th->ts = kzalloc(FZ_TS * sizeof(*th->ts));
		th->upd = kzalloc(FZ_UPD * sizeof(*th->upd));
	}
	if (!th || !th->buf || !th->iov || !th->fdarr || !th->ts || !th->upd) {
		fz_anomaly(f, "thread %d: no memory for its buffers", index);
	} else {
		stress_rng_init(&th->rng, f->rng_seed, index);
		stress_alarm_init(&th->alarm);
		th->r.fd = th->r2.fd = -1;
		while (!fz_done(f))
			fz_round(f, th);
	}
	/* The rings are closed: nothing can still write to these. */
	if (th) {
		kfree(th->buf);
		kfree(th->iov);
		kfree(th->fdarr);
		kfree(th->ts);
		kfree(th->upd);
		kfree(th);
	}
	return 0;
}

KTEST(uring_fuzz, random_sqes_registers_and_ring_scribbles)
{
	struct boot_options o;
	struct fuzz *f = kzalloc(sizeof(*f));
	uint64_t start;
	long used;

	ASSERT_NOT_NULL(f);
	stress_boot_options(&o);
	f->rng_seed = stress_rng_seed(o.uring_fuzz_rng_seed);
	f->inputs = o.uring_fuzz_inputs ? o.uring_fuzz_inputs : FZ_DEFAULT_INPUTS;
	start = ktime_get_ns();
	if (!o.uring_fuzz_inputs)
		f->deadline_ns = start + FZ_DEFAULT_SECONDS * 1000000000ULL;
	f->dm_end = DIRECT_MAP_BASE + ALIGN_UP(phys_mem_end(), 2ULL << 20);
	printk("  # uring_fuzz: rng_seed=%u inputs=%lu seconds=%d (0: no limit) threads=%d "
	       "(replay: uring_fuzz.rng_seed=%u; the interleaving is not replayed)\n",
	       f->rng_seed, f->inputs, f->deadline_ns ? FZ_DEFAULT_SECONDS : 0, num_online_cpus(),
	       f->rng_seed);
	EXPECT_EQ(ktest_run_threads(fz_thread_fn, f, 1), 0);
	used = atomic_long_read(&f->used);
	printk("  # uring_fuzz: sqes=%ld registers=%ld setups=%ld enters=%ld scribbles=%ld "
	       "mmaps=%ld cqes=%ld rounds=%ld in %llu ms\n",
	       atomic_long_read(&f->stats[FS_SQES]), atomic_long_read(&f->stats[FS_REGISTERS]),
	       atomic_long_read(&f->stats[FS_SETUPS]), atomic_long_read(&f->stats[FS_ENTERS]),
	       atomic_long_read(&f->stats[FS_SCRIBBLES]), atomic_long_read(&f->stats[FS_OTHER]),
	       atomic_long_read(&f->stats[FS_CQES]), atomic_long_read(&f->stats[FS_ROUNDS]),
	       (unsigned long long)((ktime_get_ns() - start) / 1000000));
	printk("  # uring_fuzz: CQE results (unscribbled rings): >=0 %ld, EINVAL %ld, EFAULT %ld, "
	       "EBADF %ld, ECANCELED %ld, other %ld; on a ring's fd %ld\n",
	       atomic_long_read(&f->stats[FS_RES_OK]), atomic_long_read(&f->stats[FS_RES_EINVAL]),
	       atomic_long_read(&f->stats[FS_RES_EFAULT]),
	       atomic_long_read(&f->stats[FS_RES_EBADF]),
	       atomic_long_read(&f->stats[FS_RES_ECANCELED]),
	       atomic_long_read(&f->stats[FS_RES_OTHER]), atomic_long_read(&f->stats[FS_RING_FD]));
	if (fault_inject_sites_failed()) {
		printk("  # uring_fuzz: fault injection failed allocations at %d sites\n",
		       fault_inject_sites_failed());
		fault_inject_print_sites();
	}
	printk("  # uring_fuzz: inputs=%ld crashes=%ld rng_seed=%u\n", used,
	       atomic_long_read(&f->anomalies), f->rng_seed);
	EXPECT_EQ(atomic_long_read(&f->anomalies), 0);
	kfree(f);
}
