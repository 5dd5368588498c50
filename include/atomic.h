/*
 * Atomic operations and memory ordering, on top of GCC's __atomic builtins.
 *
 * x86 is TSO: plain loads are acquire and plain stores are release, so
 * smp_load_acquire/smp_store_release only stop the compiler; a full barrier
 * (smp_mb) needs a locked instruction.  Read-modify-write operations are
 * locked instructions and therefore also full barriers on x86, which is
 * what Linux's value-returning atomics promise.
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
 * These are the only compare-and-swaps in the tree: code outside this file
 * does not call the __atomic builtins.
 */
#define try_cmpxchg(p, oldp, new)						\
	__atomic_compare_exchange_n(p, oldp, new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define cmpxchg(p, old, new)							\
	({									\
		__typeof__(*(p)) __seen = (old);				\
		try_cmpxchg(p, &__seen, new);					\
		__seen;								\
	})

#define DEFINE_ATOMIC_OPS(pfx, T, V)						\
static inline V pfx##_read(const T *a) { return __atomic_load_n(&a->counter, __ATOMIC_RELAXED); } \
static inline void pfx##_set(T *a, V v) { __atomic_store_n(&a->counter, v, __ATOMIC_RELAXED); } \
static inline void pfx##_add(V v, T *a) { __atomic_fetch_add(&a->counter, v, __ATOMIC_SEQ_CST); } \
static inline void pfx##_sub(V v, T *a) { __atomic_fetch_sub(&a->counter, v, __ATOMIC_SEQ_CST); } \
static inline void pfx##_inc(T *a) { pfx##_add(1, a); }				\
static inline void pfx##_dec(T *a) { pfx##_sub(1, a); }				\
static inline V pfx##_add_return(V v, T *a) { return __atomic_add_fetch(&a->counter, v, __ATOMIC_SEQ_CST); } \
static inline V pfx##_sub_return(V v, T *a) { return __atomic_sub_fetch(&a->counter, v, __ATOMIC_SEQ_CST); } \
static inline V pfx##_inc_return(T *a) { return pfx##_add_return(1, a); }	\
static inline V pfx##_dec_return(T *a) { return pfx##_sub_return(1, a); }	\
static inline bool pfx##_dec_and_test(T *a) { return pfx##_sub_return(1, a) == 0; } \
static inline bool pfx##_sub_and_test(V v, T *a) { return pfx##_sub_return(v, a) == 0; } \
static inline V pfx##_xchg(T *a, V v) { return __atomic_exchange_n(&a->counter, v, __ATOMIC_SEQ_CST); } \
/* Returns the value seen; the swap happened iff that equals old. */		\
static inline V pfx##_cmpxchg(T *a, V old, V new)				\
{										\
	__atomic_compare_exchange_n(&a->counter, &old, new, false,		\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);	\
	return old;								\
}										\
/* Adds v unless the value is u; true if it added. */				\
static inline bool pfx##_add_unless(T *a, V v, V u)				\
{										\
	V old = pfx##_read(a);							\
	while (old != u) {							\
		if (__atomic_compare_exchange_n(&a->counter, &old, old + v, false,	\
						__ATOMIC_SEQ_CST, __ATOMIC_RELAXED))	\
			return true;						\
	}									\
	return false;								\
}

DEFINE_ATOMIC_OPS(atomic, atomic_t, int)
DEFINE_ATOMIC_OPS(atomic_long, atomic_long_t, long)

#endif
