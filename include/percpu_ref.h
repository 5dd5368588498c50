/*
 * percpu_ref: a reference count that is per-CPU while the object is alive
 * and atomic while it is being torn down, with Linux's API and semantics.
 *
 * In percpu mode, get and put add to this CPU's counter: no shared cache
 * line is written, so they scale with CPUs.  The sum of the counters means
 * nothing on its own, so "is it zero?" cannot be asked cheaply; that is
 * what killing the ref is for: percpu_ref_kill() switches it to atomic
 * mode, after which the count is exact and release() is called when it
 * drops to zero.
 *
 * Modes, as stored in the low bits of percpu_count_ptr:
 *   percpu         no flag
 *   atomic         __PERCPU_REF_ATOMIC (switch_to_atomic, or still switching)
 *   dead           __PERCPU_REF_DEAD | __PERCPU_REF_ATOMIC (killed)
 *   exited         __PERCPU_REF_ATOMIC_DEAD with no counters left
 *
 * The rules that matter for teardown (the seed bug, docs/percpu_ref.md):
 *   - a switch to atomic completes in an RCU callback, which calls the
 *     confirm hook and then still touches the ref: confirm_switch is only
 *     cleared, waiters woken, and the switch's own reference dropped
 *     *after* the hook returns;
 *   - so "safe to free" must be signalled from release(), never from a
 *     confirm hook; percpu_ref_exit() with a switch in flight is a bug and
 *     warns.
 */
#ifndef PERCPU_REF_H
#define PERCPU_REF_H

#include "percpu.h"
#include "rcupdate.h"
#include "atomic.h"

struct percpu_ref;
typedef void (percpu_ref_func_t)(struct percpu_ref *ref);

enum {
	__PERCPU_REF_ATOMIC	= 1UL << 0,
	__PERCPU_REF_DEAD	= 1UL << 1,
	__PERCPU_REF_ATOMIC_DEAD = __PERCPU_REF_ATOMIC | __PERCPU_REF_DEAD,
	__PERCPU_REF_FLAG_BITS	= 2,
};

enum {
	PERCPU_REF_INIT_ATOMIC	= 1 << 0,	/* start in atomic mode */
	PERCPU_REF_INIT_DEAD	= 1 << 1,	/* start dead (count 0); implies ALLOW_REINIT */
	PERCPU_REF_ALLOW_REINIT	= 1 << 2,	/* keep counters after kill, for reinit/resurrect */
};

struct percpu_ref {
	atomic_long_t count;
	unsigned long percpu_count_ptr;	/* per-CPU counters | mode flags */
	percpu_ref_func_t *release;
	percpu_ref_func_t *confirm_switch;	/* non-NULL while a switch to atomic is in flight */
	bool force_atomic;
	bool allow_reinit;
	struct rcu_head rcu;
};

/*
 * Sets ref up with a count of 1 (0 with INIT_DEAD), in percpu mode unless
 * INIT_ATOMIC or INIT_DEAD.  Returns 0 or -ENOMEM.  Any context that may
 * allocate (no sleeping).
 */
int percpu_ref_init(struct percpu_ref *ref, percpu_ref_func_t *release, unsigned int flags);
/*
 * Frees the per-CPU counters.  The ref must be dead with its count at zero
 * or never used, and no switch may be in flight: exiting while one is
 * warns (WARN_ON_ONCE(ref->confirm_switch)), because the switch's RCU
 * callback will still write to the ref.
 */
void percpu_ref_exit(struct percpu_ref *ref);

/*
 * Mode changes.  They sleep while an earlier switch of the same ref is in
 * flight, so call them from task context (or when none can be in flight).
 */
void percpu_ref_switch_to_atomic(struct percpu_ref *ref, percpu_ref_func_t *confirm_switch);
void percpu_ref_switch_to_atomic_sync(struct percpu_ref *ref);
void percpu_ref_switch_to_percpu(struct percpu_ref *ref);
/*
 * Marks ref dead, drops the initial reference, and switches it to atomic
 * mode; confirm_kill (may be NULL) runs once every CPU sees it dead, from
 * the RCU callback: after it, percpu_ref_tryget_live() fails everywhere.
 * Killing twice warns.
 */
void percpu_ref_kill_and_confirm(struct percpu_ref *ref, percpu_ref_func_t *confirm_kill);
static inline void percpu_ref_kill(struct percpu_ref *ref)
{
	percpu_ref_kill_and_confirm(ref, NULL);
}
/* Re-arms a dead ref whose count reached zero (warns if not zero). */
void percpu_ref_reinit(struct percpu_ref *ref);
/* Re-arms a dead ref that still holds references (adds the initial one back). */
void percpu_ref_resurrect(struct percpu_ref *ref);
bool percpu_ref_is_zero(struct percpu_ref *ref);

/* Debug: busy-wait this long after each confirm hook (percpu_ref.confirm_delay_us=). */
extern unsigned int percpu_ref_confirm_delay_us;

/*
 * The fast paths.  READ_ONCE of percpu_count_ptr decides the mode; the RCU
 * read side makes the switch to atomic wait (one grace period) for every
 * get/put that might still be adding to a per-CPU counter.
 */
static inline bool __ref_is_percpu(struct percpu_ref *ref, unsigned long __percpu **countp)
{
	unsigned long p = READ_ONCE(ref->percpu_count_ptr);

	if (unlikely(p & __PERCPU_REF_ATOMIC_DEAD))
		return false;
	*countp = (unsigned long __percpu *)p;
	return true;
}

static inline void percpu_ref_get_many(struct percpu_ref *ref, unsigned long nr)
{
	unsigned long __percpu *count;

	rcu_read_lock();
	if (__ref_is_percpu(ref, &count))
		this_cpu_add(*count, nr);
	else
		atomic_long_add((long)nr, &ref->count);
	rcu_read_unlock();
}

static inline void percpu_ref_get(struct percpu_ref *ref)
{
	percpu_ref_get_many(ref, 1);
}

/* Gets a reference unless the count is zero. */
static inline bool percpu_ref_tryget(struct percpu_ref *ref)
{
	unsigned long __percpu *count;
	bool ok = true;

	rcu_read_lock();
	if (__ref_is_percpu(ref, &count))
		this_cpu_inc(*count);
	else
		ok = atomic_long_add_unless(&ref->count, 1, 0);
	rcu_read_unlock();
	return ok;
}

/* Gets a reference unless the ref is dead (killed) or zero. */
static inline bool percpu_ref_tryget_live(struct percpu_ref *ref)
{
	unsigned long __percpu *count;
	bool ok = false;

	rcu_read_lock();
	if (__ref_is_percpu(ref, &count)) {
		this_cpu_inc(*count);
		ok = true;
	} else if (!(READ_ONCE(ref->percpu_count_ptr) & __PERCPU_REF_DEAD)) {
		ok = atomic_long_add_unless(&ref->count, 1, 0);
	}
	rcu_read_unlock();
	return ok;
}

static inline void percpu_ref_put_many(struct percpu_ref *ref, unsigned long nr)
{
	unsigned long __percpu *count;

	rcu_read_lock();
	if (__ref_is_percpu(ref, &count))
		this_cpu_sub(*count, nr);
	else if (unlikely(atomic_long_sub_and_test((long)nr, &ref->count)))
		ref->release(ref);
	rcu_read_unlock();
}

static inline void percpu_ref_put(struct percpu_ref *ref)
{
	percpu_ref_put_many(ref, 1);
}

static inline bool percpu_ref_is_dying(struct percpu_ref *ref)
{
	return READ_ONCE(ref->percpu_count_ptr) & __PERCPU_REF_DEAD;
}

#endif
