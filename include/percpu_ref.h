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
 *
 * Where release() and the confirm hooks run.  Always with preemption off,
 * in one of these places, so neither may sleep:
 *   - release(), in the put that takes the atomic count to zero, in the
 *     putter's context inside rcu_read_lock().  That put may be a user's;
 *     the RCU callback's (the switch's own reference, dropped last); or
 *     kill's drop of the initial reference when the ref was already
 *     atomic, made holding percpu_ref_switch_lock with interrupts off.
 *   - a confirm hook, in the RCU callback that finishes the switch to
 *     atomic; or at once, inside switch_to_atomic or kill_and_confirm,
 *     when the ref was already atomic: then holding percpu_ref_switch_lock
 *     with interrupts off.
 * The RCU callback runs in the CPU's "rcuc/N" kernel thread (not an
 * interrupt), with preemption disabled and interrupts enabled.  As the
 * lock may be held, neither release() nor a hook may call a function here
 * that takes it (mode changes, reinit, resurrect, is_zero) on any ref.
 * Nothing touches the ref after release() returns, so release() may call
 * percpu_ref_exit() and free the memory; after a hook returns, the
 * callback still uses the ref, so a hook may do neither.
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
 * INIT_ATOMIC or INIT_DEAD; release (not NULL) is called when the count
 * reaches zero after a kill.  Returns 0, or -ENOMEM with nothing allocated
 * and nothing to exit.  Any context: allocates under a spinlock, never sleeps.
 */
int percpu_ref_init(struct percpu_ref *ref, percpu_ref_func_t *release, unsigned int flags);
/*
 * Frees the per-CPU counters; ref is atomic and dead from then on, and a
 * second call does nothing.  The ref must be dead with its count at zero,
 * or never used.  No switch may be in flight: exiting while one is warns
 * (WARN_ON_ONCE(ref->confirm_switch)) and frees nothing, because the
 * switch's RCU callback will still write to the ref.  Any context, never
 * sleeps, takes no percpu_ref lock: release() may call it.
 */
void percpu_ref_exit(struct percpu_ref *ref);

/*
 * Mode changes, kill, reinit and resurrect take percpu_ref_switch_lock, and
 * sleep (dropping it) while an earlier switch of the same ref is in flight:
 * call them from task context, or where no switch can be in flight, and
 * never from release() or a confirm hook.  They do not wait for a switch
 * they start to complete; only percpu_ref_switch_to_atomic_sync() does.
 */

/*
 * Puts ref in atomic mode and keeps it there until switch_to_percpu.
 * confirm_switch (may be NULL) is called when the switch is complete:
 * from the RCU callback, or at once if ref is already atomic (see above).
 */
void percpu_ref_switch_to_atomic(struct percpu_ref *ref, percpu_ref_func_t *confirm_switch);
/* switch_to_atomic, then sleeps until the switch is complete: task context only. */
void percpu_ref_switch_to_atomic_sync(struct percpu_ref *ref);
/*
 * Lets ref go back to percpu mode, at once (no grace period) unless it is
 * dead: a dead ref stays atomic until reinit or resurrect.  On a ref
 * without ALLOW_REINIT that was switched to atomic, that switch freed the
 * counters: a BUG (or a warning, if this beats its callback to them).
 */
void percpu_ref_switch_to_percpu(struct percpu_ref *ref);
/*
 * Marks ref dead, switches it to atomic mode and drops the initial
 * reference.  confirm_kill (may be NULL) runs once every CPU sees the ref
 * dead: after it, percpu_ref_tryget_live() fails everywhere.  If ref was
 * already atomic, both confirm_kill and (if that was the last reference)
 * release() run inside this call, under percpu_ref_switch_lock.  Killing
 * twice warns.
 */
void percpu_ref_kill_and_confirm(struct percpu_ref *ref, percpu_ref_func_t *confirm_kill);
/* percpu_ref_kill_and_confirm() with no hook. */
static inline void percpu_ref_kill(struct percpu_ref *ref)
{
	percpu_ref_kill_and_confirm(ref, NULL);
}
/*
 * Re-arms a dead ref whose count reached zero: count 1, percpu mode unless
 * forced atomic.  Warns if the count is not zero, and re-arms it anyway.
 * Needs counters: ALLOW_REINIT (or an INIT_ flag) and no exit.
 */
void percpu_ref_reinit(struct percpu_ref *ref);
/*
 * Re-arms a dead ref that may still hold references: adds the initial one
 * back and returns to percpu mode unless forced atomic.  Warns if ref is
 * not dead.  Needs counters, as reinit does.
 */
void percpu_ref_resurrect(struct percpu_ref *ref);
/*
 * True iff ref is in atomic mode with a count of zero (a percpu ref is never
 * zero: its count holds the bias).  Never sleeps; takes
 * percpu_ref_switch_lock with interrupts saved, so not from release() or a
 * confirm hook.
 */
bool percpu_ref_is_zero(struct percpu_ref *ref);

/* Debug: busy-wait this long after each confirm hook (percpu_ref.confirm_delay_us=). */
extern unsigned int percpu_ref_confirm_delay_us;

/*
 * The fast paths.  READ_ONCE of percpu_count_ptr decides the mode; the RCU
 * read side makes the switch to atomic wait (one grace period) for every
 * get/put that might still be adding to a per-CPU counter.
 *
 * All of them: any context (task, interrupt, spinlock held, interrupts
 * off), never sleep, take no lock.  ref must be between init and exit.
 */

/* True, with *countp set to the counters, iff ref is in percpu mode.  For the code here. */
static inline bool __ref_is_percpu(struct percpu_ref *ref, unsigned long __percpu **countp)
{
	unsigned long p = READ_ONCE(ref->percpu_count_ptr);

	if (unlikely(p & __PERCPU_REF_ATOMIC_DEAD))
		return false;
	*countp = (unsigned long __percpu *)p;
	return true;
}

/*
 * Takes nr references; never fails.  The caller must already hold one, or
 * otherwise know the count cannot be zero: this does not revive a released
 * ref.
 */
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

/* percpu_ref_get_many(ref, 1). */
static inline void percpu_ref_get(struct percpu_ref *ref)
{
	percpu_ref_get_many(ref, 1);
}

/*
 * Gets a reference unless the count is zero; true if it got one.  A dead
 * ref whose count is not zero yet still gives one: use tryget_live to
 * refuse those.
 */
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

/*
 * Gets a reference unless ref is dead (killed) or its count is zero; true
 * if it got one.  Every CPU refuses once the kill's confirm hook has run.
 */
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

/*
 * Drops nr references.  If that takes the atomic count to zero, calls
 * release() here, before returning, with preemption off (see above); in
 * percpu mode it never does.  The caller must not touch ref afterwards
 * unless it still holds a reference.
 */
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

/* percpu_ref_put_many(ref, 1). */
static inline void percpu_ref_put(struct percpu_ref *ref)
{
	percpu_ref_put_many(ref, 1);
}

/*
 * True from the kill until reinit or resurrect.  A snapshot: it can change
 * at once unless the caller excludes kill and resurrect.
 */
static inline bool percpu_ref_is_dying(struct percpu_ref *ref)
{
	return READ_ONCE(ref->percpu_count_ptr) & __PERCPU_REF_DEAD;
}

#endif
