/*
 * Random bytes: get_random_bytes() for the kernel and getrandom(2).
 *
 * The generator is ChaCha20 with fast key erasure (the construction
 * Linux's crng and OpenBSD's arc4random use).  One 256-bit key, under a
 * spinlock.  Each request takes the lock, XORs a fresh RDRAND word into
 * the key when the CPU has RDRAND, computes one ChaCha20 block from it,
 * and splits the block in two: the first half replaces the key, the
 * second half is the request's own key.  The request then produces its
 * bytes as ChaCha20 blocks 0, 1, 2, ... of its own key, without the lock.
 * So requests on different CPUs never share an output block, and an
 * attacker who reads the key later cannot recompute earlier output.
 *
 * Seeding, on first use: the key is XORed with RDSEED words (entropy)
 * when CPUID reports RDSEED, else RDRAND words, plus the TSC, and stirred
 * with one block.  QEMU -cpu max has both instructions, backed by the
 * host's random source, so the output is as unpredictable as the host's.
 *
 * Honest limits: there is no entropy accounting, no reseed from
 * interrupts and no other entropy pool.  On a CPU without RDRAND and
 * RDSEED the only seed is the TSC at first use, a few bits that an
 * observer of the boot can guess: the output is then NOT fit for keys
 * or canaries (it is logged once).  ringlet never blocks for entropy:
 * GRND_RANDOM and GRND_INSECURE give the same bytes as no flag.
 */
#include "random.h"
#include "syscalls.h"
#include "errno.h"
#include "printk.h"
#include "spinlock.h"
#include "string.h"
#include "task.h"
#include "uapi/random.h"
#include <asm/archrandom.h>
#include <asm/x86.h>

#define CHACHA_BLOCK_BYTES 64
/* getrandom looks for a signal once per this many bytes, as Linux does per page. */
#define SIGNAL_CHECK_BYTES 4096
#define INT_MAX_BYTES 0x7fffffffUL

static DEFINE_SPINLOCK(crng_lock);
static uint32_t crng_key[8];
static bool crng_seeded;
static bool have_rdrand;

static uint32_t rotl(uint32_t v, int n)
{
	return (v << n) | (v >> (32 - n));
}

#define QUARTER(x, a, b, c, d)                                    \
	do {                                                      \
		x[a] += x[b], x[d] = rotl(x[d] ^ x[a], 16);       \
		x[c] += x[d], x[b] = rotl(x[b] ^ x[c], 12);       \
		x[a] += x[b], x[d] = rotl(x[d] ^ x[a], 8);        \
		x[c] += x[d], x[b] = rotl(x[b] ^ x[c], 7);        \
	} while (0)

void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3],
		    uint32_t out[16])
{
	/* The constant words spell "expand 32-byte k". */
	uint32_t in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };

	memcpy(&in[4], key, 32);
	in[12] = counter;
	memcpy(&in[13], nonce, 12);
	memcpy(out, in, sizeof(in));
	for (int i = 0; i < 10; i++) {
		QUARTER(out, 0, 4, 8, 12);
		QUARTER(out, 1, 5, 9, 13);
		QUARTER(out, 2, 6, 10, 14);
		QUARTER(out, 3, 7, 11, 15);
		QUARTER(out, 0, 5, 10, 15);
		QUARTER(out, 1, 6, 11, 12);
		QUARTER(out, 2, 7, 8, 13);
		QUARTER(out, 3, 4, 9, 14);
	}
	for (int i = 0; i < 16; i++)
		out[i] += in[i];
}

static const uint32_t zero_nonce[3];

/* First use: the key from the CPU's entropy and the TSC.  crng_lock held. */
static void crng_seed(void)
{
	bool rdseed = cpu_has_rdseed();
	uint32_t block[16];

	have_rdrand = cpu_has_rdrand();
	for (int i = 0; i < 8; i += 2) {
		uint64_t v = 0;

		if (!(rdseed && rdseed_long(&v)) && have_rdrand)
			rdrand_long(&v);
		v ^= rdtsc();
		crng_key[i] ^= (uint32_t)v;
		crng_key[i + 1] ^= (uint32_t)(v >> 32);
	}
	if (!rdseed && !have_rdrand)
		pr_warn("random: no RDSEED or RDRAND: seeded from the TSC only, predictable\n");
	chacha20_block(crng_key, 0, zero_nonce, block);
	memcpy(crng_key, block, sizeof(crng_key));
	memset(block, 0, sizeof(block));
	crng_seeded = true;
}

/* A fresh key of the request's own into req_key[8]; erases the one it came from.  Any context. */
static void crng_take_key(uint32_t req_key[8])
{
	uint32_t block[16];
	unsigned long flags = spin_lock_irqsave(&crng_lock);

	if (!crng_seeded)
		crng_seed();
	if (have_rdrand) {
		uint64_t v;

		if (rdrand_long(&v)) {
			crng_key[0] ^= (uint32_t)v;
			crng_key[1] ^= (uint32_t)(v >> 32);
		}
	}
	chacha20_block(crng_key, 0, zero_nonce, block);
	memcpy(crng_key, block, 32);
	spin_unlock_irqrestore(&crng_lock, flags);
	memcpy(req_key, &block[8], 32);
	memset(block, 0, sizeof(block));
}

void get_random_bytes(void *buf, size_t n)
{
	uint32_t key[8], block[16];
	unsigned char *p = buf;

	crng_take_key(key);
	for (uint32_t ctr = 0; n; ctr++) {
		size_t len = n < CHACHA_BLOCK_BYTES ? n : CHACHA_BLOCK_BYTES;

		chacha20_block(key, ctr, zero_nonce, block);
		memcpy(p, block, len);
		p += len;
		n -= len;
	}
	memset(key, 0, sizeof(key));
	memset(block, 0, sizeof(block));
}

/*
 * Linux 6.1's order: unknown flags, or GRND_INSECURE with GRND_RANDOM,
 * -EINVAL; count capped at INT_MAX; 0 bytes returns 0 without touching
 * buf.  A fault part way returns the bytes written, or -EFAULT if none
 * were; a signal after the first 4 KiB ends the call early with what it
 * wrote.  The generator is always seeded, so GRND_NONBLOCK never matters.
 */
SYSCALL_DEFINE3(getrandom, char __user *, ubuf, size_t, len, unsigned int, flags)
{
	uint32_t key[8], block[16];
	size_t done = 0;

	if (flags & ~(unsigned int)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	if (len > INT_MAX_BYTES)
		len = INT_MAX_BYTES;
	if (!len)
		return 0;
	crng_take_key(key);
	for (uint32_t ctr = 0; done < len; ctr++) {
		size_t chunk = len - done < CHACHA_BLOCK_BYTES ? len - done : CHACHA_BLOCK_BYTES;
		size_t left;

		chacha20_block(key, ctr, zero_nonce, block);
		left = copy_to_user(ubuf + done, block, chunk);
		done += chunk - left;
		if (left)
			break;
		if (done % SIGNAL_CHECK_BYTES == 0 && done < len && signal_pending(current))
			break;
	}
	memset(key, 0, sizeof(key));
	memset(block, 0, sizeof(block));
	return done ? (long)done : -EFAULT;
}
