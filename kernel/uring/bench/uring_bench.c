/*
 * io_uring benchmarks (make bench; group "uring"): the workloads whose
 * Linux figures docs/uring.md (Measurements) lists, plus the comparison
 * the seed bug's commit was about:
 *
 *   uring.nop_batch32           ns per NOP, submitted and reaped 32 at a time
 *   uring.update_register       ns per one-slot update through io_uring_register
 *   uring.update_op             ns per one-slot IORING_OP_FILES_UPDATE
 *   uring.register64_unregister ns per register-64-files-then-unregister cycle
 *   uring.fixed_read_pipe       ns per one-byte fixed-file read from a pipe with data
 *   uring.update_generations_under_io / uring.update_quiesce_under_io
 *                               ns per one-slot register update while another
 *                               thread keeps fixed-file reads in flight on the
 *                               same ring, for each design; tests/bench.py
 *                               prints their ratio.
 *
 * One thread plays the application (two for the *_under_io pair).  Only
 * ratios within one boot mean anything under QEMU TCG.
 */
#include "kbench.h"
#include "../testlib/liburing.h"
#include "file.h"
#include "task.h"
#include "time.h"
#include "sched.h"
#include "smp.h"
#include "slab.h"
#include "panic.h"
#include "timer.h"

#define NR_SLOTS	16

/* The benchmark thread's fd table, with NR_SLOTS zero devices at fds 0.. */
static int32_t bench_fds[64];

static void bench_files_begin(void)
{
	current->files = files_alloc(128);
	if (!current->files)
		panic("uring bench: no fd table");
	for (int i = 0; i < 64; i++) {
		struct file *f = zero_file_open();

		bench_fds[i] = f ? fd_install(current->files, f) : -1;
		if (bench_fds[i] < 0)
			panic("uring bench: no file");
	}
}

static void bench_files_end(void)
{
	files_put(current->files);
	current->files = NULL;
}

static void bench_ring(struct io_uring *ring, unsigned int entries)
{
	if (io_uring_queue_init(entries, ring, 0))
		panic("uring bench: no ring");
}

static void reap(struct io_uring *ring, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct io_uring_cqe *cqe;

		if (io_uring_wait_cqe(ring, &cqe))
			panic("uring bench: wait_cqe");
		io_uring_cqe_seen(ring, cqe);
	}
}

static void bench_nop(void)
{
	const unsigned long loops = 2000;
	struct io_uring ring;
	uint64_t t0;

	bench_ring(&ring, 64);
	t0 = ktime_get_ns();
	for (unsigned long l = 0; l < loops; l++) {
		for (int i = 0; i < 32; i++)
			io_uring_prep_nop(io_uring_get_sqe(&ring));
		io_uring_submit_and_wait(&ring, 32);
		reap(&ring, 32);
	}
	kbench_print("uring.nop_batch32", loops * 32, ktime_get_ns() - t0);
	io_uring_queue_exit(&ring);
}

static void bench_updates(void)
{
	const unsigned long iters = 2000;
	struct io_uring ring;
	uint64_t t0;

	bench_ring(&ring, 64);
	io_uring_register_files(&ring, bench_fds, NR_SLOTS);
	t0 = ktime_get_ns();
	for (unsigned long i = 0; i < iters; i++)
		io_uring_register_files_update(&ring, i % NR_SLOTS, &bench_fds[NR_SLOTS + i % 16], 1);
	kbench_print("uring.update_register", iters, ktime_get_ns() - t0);

	t0 = ktime_get_ns();
	for (unsigned long i = 0; i < iters; i++) {
		io_uring_prep_files_update(io_uring_get_sqe(&ring), &bench_fds[i % 16], 1,
					   (int)(i % NR_SLOTS));
		io_uring_submit_and_wait(&ring, 1);
		reap(&ring, 1);
	}
	kbench_print("uring.update_op", iters, ktime_get_ns() - t0);
	io_uring_queue_exit(&ring);
}

static void bench_register64(void)
{
	const unsigned long iters = 100;
	struct io_uring ring;
	uint64_t t0;

	bench_ring(&ring, 8);
	t0 = ktime_get_ns();
	for (unsigned long i = 0; i < iters; i++) {
		io_uring_register_files(&ring, bench_fds, 64);
		io_uring_unregister_files(&ring);
	}
	kbench_print("uring.register64_unregister", iters, ktime_get_ns() - t0);
	io_uring_queue_exit(&ring);
}

static void bench_fixed_pipe_read(void)
{
	const unsigned long iters = 4096;
	static char data[4096], c;
	struct io_uring ring;
	struct file *rd, *wr;
	int32_t fd;
	uint64_t t0;

	bench_ring(&ring, 8);
	if (pipe_create(&rd, &wr, 4096))
		panic("uring bench: no pipe");
	fd = fd_install(current->files, rd);
	io_uring_register_files(&ring, &fd, 1);
	vfs_write(wr, data, sizeof(data), NULL);
	t0 = ktime_get_ns();
	for (unsigned long i = 0; i < iters; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		io_uring_prep_read(sqe, 0, &c, 1, 0);
		sqe->flags = IOSQE_FIXED_FILE;
		io_uring_submit_and_wait(&ring, 1);
		reap(&ring, 1);
	}
	kbench_print("uring.fixed_read_pipe", iters, ktime_get_ns() - t0);
	io_uring_queue_exit(&ring);
	fput(wr);
}

/* The reader thread of the *_under_io pair: 8 async fixed reads in flight. */
struct io_load {
	struct io_uring *ring;
	bool stop;
	unsigned long reads;
};

static int io_load_thread(void *arg)
{
	struct io_load *l = arg;
	static char buf[8][512];

	while (!READ_ONCE(l->stop)) {
		for (int i = 0; i < 8; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(l->ring);

			io_uring_prep_read(sqe, i % NR_SLOTS, buf[i], sizeof(buf[i]), 0);
			sqe->flags = IOSQE_FIXED_FILE | IOSQE_ASYNC;
		}
		io_uring_submit_and_wait(l->ring, 8);
		reap(l->ring, 8);
		l->reads += 8;
	}
	return 0;
}

static void bench_update_under_io(enum io_uring_update_mode mode, const char *name,
				  unsigned long iters)
{
	struct io_load load = { 0 };
	struct io_uring ring;
	struct task *t;
	uint64_t t0;

	bench_ring(&ring, 64);
	io_uring_set_update_mode((unsigned int)ring.ring_fd, mode);
	io_uring_register_files(&ring, bench_fds, NR_SLOTS);
	load.ring = &ring;
	t = kthread_create_on_cpu(io_load_thread, &load, nth_online_cpu(1), "bench-io");
	if (!t)
		panic("uring bench: no thread");
	wake_up_process(t);
	msleep(5);
	t0 = ktime_get_ns();
	for (unsigned long i = 0; i < iters; i++)
		io_uring_register_files_update(&ring, i % NR_SLOTS, &bench_fds[NR_SLOTS + i % 16], 1);
	kbench_print(name, iters, ktime_get_ns() - t0);
	WRITE_ONCE(load.stop, true);
	kthread_stop(t);
	io_uring_queue_exit(&ring);
}

KBENCH(uring, all)
{
	bench_files_begin();
	bench_nop();
	bench_updates();
	bench_register64();
	bench_fixed_pipe_read();
	bench_update_under_io(IO_URING_UPDATE_GENERATIONS, "uring.update_generations_under_io", 2000);
	bench_update_under_io(IO_URING_UPDATE_QUIESCE, "uring.update_quiesce_under_io", 200);
	bench_files_end();
}
