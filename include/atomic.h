/*
 * Atomic operations and memory ordering, on top of GCC's __atomic builtins.
 *
 * x86 is TSO: plain loads are acquire and plain stores are release, so
 * smp_load_acquire/smp_store_release only stop the compiler; a full barrier
 * (smp_mb) needs a locked instruction.  Read-modify-write operations are
 * locked instructions and therefore also full barriers on x86, which is
 * what Linux's value-returning atomics promise.
 *
 * This is the only file that calls the __atomic builtins.  Other code uses:
 *
 *   atomic_t, atomic_long_t	   a counter or mask several CPUs change,
 *				   with the atomic_*() functions below
 *   READ_ONCE, WRITE_ONCE	   a shared plain variable, read or written
 *				   whole (compiler.h)
 *   smp_load_acquire,		   the same, ordered against what follows
 *   smp_store_release		   the load / precedes the store
 *   cmpxchg, try_cmpxchg	   a plain variable changed only if it still
 *				   holds the value read
 *   try_cmpxchg_acquire,	   a lock's own words, ordered only as much
 *   xadd_relaxed		   as a lock needs
 *
 * The atomic_*() functions are written out one by one rather than generated
 * by a macro, so that grep finds each definition.  Both families have the
 * same operations, with Linux's semantics: atomic_read and atomic_set order
 * nothing; every operation that modifies the counter is fully ordered.
 */
#ifndef ATOMIC_H
#define ATOMIC_H

#include "compiler.h"

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;

#define ATOMIC_INIT(v)	{ (v) }

#define smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()	barrier()
#define smp_wmb()	barrier()
#define smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

/*
 * Compare-and-swap on a plain variable, fully ordered, as Linux's:
 *
 *	cmpxchg(p, old, new)	   stores new in *p if *p == old; returns the
 *				   value *p had (the swap happened iff it is old)
 *	try_cmpxchg(p, &old, new)  the same, but returns true iff it swapped and,
 *				   when it did not, writes the value seen to old,
 *				   ready for the next turn of a retry loop
 *
 * Every compare-and-swap in the tree is one of these or their acquire
 * variant below.
 */
#define try_cmpxchg(p, oldp, new)						\
	__atomic_compare_exchange_n(p, oldp, new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define cmpxchg(p, old, new)							\
	({									\
		__typeof__(*(p)) __seen = (old);				\
		try_cmpxchg(p, &__seen, new);					\
		__seen;								\
	})

/*
 * Weaker-ordered variants for the words of a lock, named as in Linux.  A
 * lock needs only acquire when it is taken and release when it is dropped;
 * saying exactly that documents the lock, and lets the compiler move
 * unrelated accesses across the parts that order nothing.
 *
 *	try_cmpxchg_acquire(p, &old, new)  try_cmpxchg, ordered before later
 *					   accesses if it swapped, and not at
 *					   all if it did not
 *	xadd_relaxed(p, v)		   adds v to *p and returns the value
 *					   before; atomic, but orders nothing
 *					   (x86's arch spinlock calls it xadd)
 */
#define try_cmpxchg_acquire(p, oldp, new)					\
	__atomic_compare_exchange_n(p, oldp, new, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)
#define xadd_relaxed(p, v)	__atomic_fetch_add(p, v, __ATOMIC_RELAXED)

/* atomic_t: an int that several CPUs change. */

static inline int atomic_read(const atomic_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic_set(atomic_t *v, int i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic_add(int i, atomic_t *v)
{
	__atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline void atomic_sub(int i, atomic_t *v)
{
	__atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline void atomic_inc(atomic_t *v)
{
	atomic_add(1, v);
}

static inline void atomic_dec(atomic_t *v)
{
	atomic_sub(1, v);
}

/* The *_return functions return the new value. */
static inline int atomic_add_return(int i, atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline int atomic_sub_return(int i, atomic_t *v)
{
	return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline int atomic_inc_return(atomic_t *v)
{
	return atomic_add_return(1, v);
}

static inline int atomic_dec_return(atomic_t *v)
{
	return atomic_sub_return(1, v);
}

/* The *_and_test functions return true if the new value is 0. */
static inline bool atomic_dec_and_test(atomic_t *v)
{
	return atomic_sub_return(1, v) == 0;
}

static inline bool atomic_sub_and_test(int i, atomic_t *v)
{
	return atomic_sub_return(i, v) == 0;
}

/* Stores i; returns the value before. */
static inline int atomic_xchg(atomic_t *v, int i)
{
	return __atomic_exchange_n(&v->counter, i, __ATOMIC_SEQ_CST);
}

/* Stores new if the value is old; returns the value seen (swapped iff old). */
static inline int atomic_cmpxchg(atomic_t *v, int old, int new)
{
	return cmpxchg(&v->counter, old, new);
}

/* Adds i unless the value is u; true if it added. */
static inline bool atomic_add_unless(atomic_t *v, int i, int u)
{
	int old = atomic_read(v);

	while (old != u)
		if (try_cmpxchg(&v->counter, &old, old + i))
			return true;
	return false;
}

/* atomic_long_t: the same operations on a long, plus two for bit masks. */

static inline long atomic_long_read(const atomic_long_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic_long_set(atomic_long_t *v, long i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic_long_add(long i, atomic_long_t *v)
{
	__atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline void atomic_long_sub(long i, atomic_long_t *v)
{
	__atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline void atomic_long_inc(atomic_long_t *v)
{
	atomic_long_add(1, v);
}

static inline void atomic_long_dec(atomic_long_t *v)
{
	atomic_long_sub(1, v);
}

static inline long atomic_long_add_return(long i, atomic_long_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline long atomic_long_sub_return(long i, atomic_long_t *v)
{
	return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline long atomic_long_inc_return(atomic_long_t *v)
{
	return atomic_long_add_return(1, v);
}

static inline long atomic_long_dec_return(atomic_long_t *v)
{
	return atomic_long_sub_return(1, v);
}

static inline bool atomic_long_dec_and_test(atomic_long_t *v)
{
	return atomic_long_sub_return(1, v) == 0;
}

static inline bool atomic_long_sub_and_test(long i, atomic_long_t *v)
{
	return atomic_long_sub_return(i, v) == 0;
}

static inline long atomic_long_xchg(atomic_long_t *v, long i)
{
	return __atomic_exchange_n(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline long atomic_long_cmpxchg(atomic_long_t *v, long old, long new)
{
	return cmpxchg(&v->counter, old, new);
}

static inline bool atomic_long_add_unless(atomic_long_t *v, long i, long u)
{
	long old = atomic_long_read(v);

	while (old != u)
		if (try_cmpxchg(&v->counter, &old, old + i))
			return true;
	return false;
}

/* Sets the bits of i (a CPU mask's "this CPU is here"). */
static inline void atomic_long_or(long i, atomic_long_t *v)
{
	__atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST);
}

/* Sets the bits of i; returns the value before (was this bit already set?). */
static inline long atomic_long_fetch_or(long i, atomic_long_t *v)
{
	return __atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST);
}

/* Clears the bits of i; returns the value before (was this the last bit?). */
static inline long atomic_long_fetch_andnot(long i, atomic_long_t *v)
{
	return __atomic_fetch_and(&v->counter, ~i, __ATOMIC_SEQ_CST);
}

#endif
