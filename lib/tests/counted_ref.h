/* LAB(mutants) DELETE FILE */
/*
 * What lib/tests/percpu_ref_test.c and percpu_ref_traffic_test.c share: a
 * ref that counts its release() and confirm-hook calls, a bounded wait for
 * release(), and looks at the ref's mode and shared count.  Test code only.
 */
#ifndef LIB_TESTS_COUNTED_REF_H
#define LIB_TESTS_COUNTED_REF_H

#include "percpu_ref.h"
#include "sched.h"
#include "timer.h"
#include "atomic.h"

#define BIAS (1UL << (sizeof(long) * 8 - 1))

struct counted_ref {
	struct percpu_ref ref;
	atomic_t released;
	atomic_t confirmed;
	struct task *confirmed_by;	/* the task the last confirm hook ran in */
	int released_at_confirm;	/* release()'s count when the hook ran */
	int confirmed_at_release;	/* the hook's count when release() ran */
	struct completion release_done;
};

static inline void counted_release(struct percpu_ref *ref)
{
	struct counted_ref *c = container_of(ref, struct counted_ref, ref);

	c->confirmed_at_release = atomic_read(&c->confirmed);
	atomic_inc(&c->released);
	complete(&c->release_done);
}

static inline void counted_confirm(struct percpu_ref *ref)
{
	struct counted_ref *c = container_of(ref, struct counted_ref, ref);

	c->confirmed_by = current;
	c->released_at_confirm = atomic_read(&c->released);
	atomic_inc(&c->confirmed);
}

static inline int counted_init(struct counted_ref *c, unsigned int flags)
{
	atomic_set(&c->released, 0);
	atomic_set(&c->confirmed, 0);
	c->confirmed_by = NULL;
	c->released_at_confirm = c->confirmed_at_release = -1;
	init_completion(&c->release_done);
	return percpu_ref_init(&c->ref, counted_release, flags);
}

/*
 * Waits until release() has run `times` times in all, for at most 2 s, and
 * takes its completion.  False if it did not: a count that never reaches
 * zero then fails the test at once instead of hanging the boot.
 */
static inline bool released_within(struct counted_ref *c, int times)
{
	for (int ms = 0; ms < 2000 && atomic_read(&c->released) < times; ms++)
		msleep(1);
	if (atomic_read(&c->released) < times)
		return false;
	wait_for_completion(&c->release_done);
	return true;
}

static inline bool in_percpu_mode(struct percpu_ref *ref)
{
	return !(READ_ONCE(ref->percpu_count_ptr) & __PERCPU_REF_ATOMIC_DEAD);
}

static inline long atomic_count(struct percpu_ref *ref)
{
	return atomic_long_read(&ref->count);
}

#endif
