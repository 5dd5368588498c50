/*
 * Self-tests of random.c (suite random): ChaCha20 against RFC 8439's
 * block test vector; getrandom's flags, lengths and faults; outputs
 * taken on every CPU at once never repeating; and a rough balance of
 * bits (a broken generator, not a statistical proof).
 */
#include "ktest.h"
#include "random.h"
#include "syscalls.h"
#include "errno.h"
#include "slab.h"
#include "smp.h"
#include "string.h"
#include "atomic.h"
#include "uapi/random.h"

#define BAD_PTR ((void __user *)0x8000000000000000UL)

KTEST(random, chacha20_block_matches_rfc8439)
{
	uint32_t key[8], out[16];
	const uint32_t nonce[3] = { 0x09000000, 0x4a000000, 0x00000000 };
	static const uint32_t want[16] = {
		0xe4e7f110, 0x15593bd1, 0x1fdd0f50, 0xc47120a3, 0xc7f4d1c7, 0x0368c033,
		0x9aaa2204, 0x4e6cd4c3, 0x466482d2, 0x09aa9f07, 0x05d7c214, 0xa2028bd9,
		0xd19c12b5, 0xb94e16de, 0xe883d0cb, 0x4e3c50a2,
	};

	for (int i = 0; i < 8; i++)	/* key bytes 00 01 02 ... 1f, little-endian words */
		key[i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 |
			 (uint32_t)(4 * i + 2) << 16 | (uint32_t)(4 * i + 3) << 24;
	chacha20_block(key, 1, nonce, out);
	for (int i = 0; i < 16; i++)
		EXPECT_EQ(out[i], want[i]);
}

KTEST(random, getrandom_flags_lengths_and_faults)
{
	char buf[300];

	EXPECT_EQ(sys_getrandom(buf, sizeof(buf), 0), (long)sizeof(buf));
	EXPECT_EQ(sys_getrandom(buf, 16, GRND_NONBLOCK), 16);
	EXPECT_EQ(sys_getrandom(buf, 16, GRND_RANDOM), 16);
	EXPECT_EQ(sys_getrandom(buf, 16, GRND_INSECURE), 16);
	EXPECT_EQ(sys_getrandom(buf, 16, GRND_RANDOM | GRND_NONBLOCK), 16);
	EXPECT_EQ(sys_getrandom(buf, 16, GRND_INSECURE | GRND_RANDOM), -EINVAL);
	EXPECT_EQ(sys_getrandom(buf, 16, 0x8), -EINVAL);
	EXPECT_EQ(sys_getrandom(BAD_PTR, 16, 0x8), -EINVAL);		/* flags first */
	EXPECT_EQ(sys_getrandom(NULL, 0, 0), 0);			/* nothing touched */
	EXPECT_EQ(sys_getrandom(BAD_PTR, 16, 0), -EFAULT);
}

KTEST(random, large_requests_fill_every_byte)
{
	size_t n = 3 * 4096 + 77;
	unsigned char *a = kmalloc(n), *b = kmalloc(n);
	size_t same = 0;

	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	memset(a, 0, n);
	memset(b, 0, n);
	EXPECT_EQ(sys_getrandom((char *)a, n, 0), (long)n);
	get_random_bytes(b, n);
	for (size_t i = 0; i < n; i++)
		same += a[i] == b[i];
	/* Two independent outputs agree in about 1/256 of their bytes; zeros left would be far more. */
	EXPECT_LT(same, n / 64);
	EXPECT_NE(a[n - 1] | a[n - 2] | a[n - 3] | a[n - 4], 0);
	kfree(a);
	kfree(b);
}

#define WORDS_PER_THREAD 64
#define MAX_WORDS (64 * KTEST_MAX_THREADS_PER_CPU * WORDS_PER_THREAD)

struct draws {
	uint64_t *words;
	atomic_t n;
	atomic_long_t ones;
};

static int draw_fn(void *arg)
{
	struct draws *d = arg;

	for (int i = 0; i < WORDS_PER_THREAD; i++) {
		uint64_t v;
		int slot = atomic_inc_return(&d->n) - 1;

		get_random_bytes(&v, sizeof(v));
		d->words[slot] = v;
		atomic_long_add(popcount64(v), &d->ones);
	}
	return 0;
}

KTEST(random, outputs_on_every_cpu_never_repeat)
{
	struct draws d = { .n = ATOMIC_INIT(0) };
	int n, dups = 0;
	long bits;

	d.words = kmalloc(MAX_WORDS * sizeof(uint64_t));
	ASSERT_NOT_NULL(d.words);
	ktest_run_threads(draw_fn, &d, 4);
	n = atomic_read(&d.n);
	EXPECT_EQ(n, num_online_cpus() * 4 * WORDS_PER_THREAD);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			dups += d.words[i] == d.words[j];
	EXPECT_EQ(dups, 0);
	/* Half the bits set, within 10%: a stuck generator fails this, a random one never does. */
	bits = (long)n * 64;
	EXPECT_GT(atomic_long_read(&d.ones), bits / 2 - bits / 20);
	EXPECT_LT(atomic_long_read(&d.ones), bits / 2 + bits / 20);
	kfree(d.words);
}
