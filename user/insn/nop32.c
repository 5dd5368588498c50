/*
 * nop32: one io_uring_enter that submits 32 NOPs and waits for them, for
 * `make insn-count` (tests/insn_count.py) to single-step on Linux and on
 * ringlet.  Timing a NOP under QEMU's TCG moves with the host's load by up to
 * 2x between boots; the number of instructions the kernel executes for the
 * same call does not, so it measures where docs/perf.md's NOP gap comes from.
 *
 * The program warms the ring up (the request caches of both kernels fill on
 * the first batches), then calls traced_batch() once.  The tracer breaks at
 * that function's first instruction and steps until it returns, counting the
 * kernel's instructions and the program's own (the same binary on both
 * kernels, so the user count must match).  It prints one line, "insn: nop32
 * done", and exits 0, or 1 with a reason if a batch went wrong.
 */
#include <liburing.h>
#include <stdio.h>
#include <string.h>

#define BATCH  32
#define WARMUP 64

static struct io_uring ring;

/* Not inlined, and global: the tracer finds it by name in this binary. */
__attribute__((noinline)) int traced_batch(void)
{
	return io_uring_submit_and_wait(&ring, BATCH);
}

static int run_batch(int (*submit)(void))
{
	struct io_uring_cqe *cqes[BATCH];
	int ret;

	for (unsigned int i = 0; i < BATCH; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		if (!sqe) {
			printf("insn: nop32 failed: no SQE\n");
			return 1;
		}
		io_uring_prep_nop(sqe);
		sqe->user_data = i;
	}
	ret = submit();
	if (ret != BATCH) {
		printf("insn: nop32 failed: io_uring_submit_and_wait returned %d\n", ret);
		return 1;
	}
	if (io_uring_peek_batch_cqe(&ring, cqes, BATCH) != BATCH) {
		printf("insn: nop32 failed: fewer than %d CQEs\n", BATCH);
		return 1;
	}
	for (unsigned int i = 0; i < BATCH; i++) {
		if (cqes[i]->res != 0) {
			printf("insn: nop32 failed: a NOP's res %d\n", cqes[i]->res);
			return 1;
		}
	}
	io_uring_cq_advance(&ring, BATCH);
	return 0;
}

static int warm_batch(void)
{
	return io_uring_submit_and_wait(&ring, BATCH);
}

int main(void)
{
	int ret = io_uring_queue_init(2 * BATCH, &ring, 0);

	if (ret < 0) {
		printf("insn: nop32 failed: io_uring_queue_init: %s\n", strerror(-ret));
		return 1;
	}
	for (int i = 0; i < WARMUP; i++)
		if (run_batch(warm_batch))
			return 1;
	if (run_batch(traced_batch))
		return 1;
	io_uring_queue_exit(&ring);
	printf("insn: nop32 done\n");
	return 0;
}
