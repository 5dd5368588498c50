/*
 * Kernel random bytes (kernel/random/random.c), the generator getrandom(2)
 * serves.  Its quality is described there.
 */
#ifndef RANDOM_H
#define RANDOM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Fills buf with n random bytes (AT_RANDOM's 16, stack canaries, ...).
 * Any context but NMI (takes a spinlock with interrupts off for a few
 * hundred cycles); never sleeps, never fails.
 */
void get_random_bytes(void *buf, size_t n);

/*
 * One ChaCha20 block (RFC 8439: 32-bit counter, 96-bit nonce) into
 * out[16]: the generator's primitive, exposed for its known-answer test.
 */
void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3],
		    uint32_t out[16]);

#endif
