/*
 * percpu_ref.pml: a Promela model of ringlet's percpu_ref teardown protocol.
 *
 * Checked with spin by tests/model/run.sh (`make model`).  It follows
 * lib/percpu_ref.c and include/percpu_ref.h in the order of their steps;
 * the function names in the comments are ringlet's.
 *
 * ===========================================================================
 * Theory of operation
 * ===========================================================================
 *
 * One struct percpu_ref, set up by percpu_ref_init(ref, release, flags)
 * (percpu mode, count 1 + bias: the owner's initial reference), lives in
 * an object that readers can look up.  These processes run concurrently:
 *
 *   reader(c), c < READERS   a CPU doing get/put.  Looks the object up,
 *                 percpu_ref_tryget_live(); if that worked, maybe a nested
 *                 percpu_ref_get() (legal: it holds a reference) and its
 *                 percpu_ref_put(), then percpu_ref_put() of the base one.
 *                 ITERS rounds.  Like a request using a fixed file.
 *   switcher      (configuration B only) a user that flips the mode:
 *                 percpu_ref_switch_to_atomic(ref, NULL), then
 *                 percpu_ref_switch_to_percpu(ref).
 *   teardown      the owner: percpu_ref_kill_and_confirm(ref, owner_hook),
 *                 a wait for "safe to free", unpublish, percpu_ref_exit(),
 *                 kfree().
 *   rcuc          the rcuc/N thread running the switch's RCU callback,
 *                 percpu_ref_switch_to_atomic_rcu() then
 *                 percpu_ref_call_confirm_rcu(), once its grace period is
 *                 over.
 *
 * The two variants differ only in what the owner waits for before it
 * calls percpu_ref_exit() and frees:
 *
 *   (default) SAFE  release() signals it (complete(&released)): ringlet's
 *                   rule, kernel/uring/files.c and docs/percpu_ref.md s.9.
 *                   The switch holds a reference until the last statement
 *                   of its callback, so release() means no switch is in
 *                   flight and nothing will touch the ref again.
 *   -DSEED          the confirm hook signals it, as Linux commit
 *                   cbb537634780 did.  The callback still has to clear
 *                   confirm_switch, wake waiters, read allow_reinit (and
 *                   maybe exit) and put its reference after the hook, so
 *                   spin finds percpu_ref_exit() with a switch in flight
 *                   (the WARN) or a use after free.
 *
 * init picks the ref's configuration nondeterministically, so one search
 * covers both:
 *   A  flags 0, no switcher: a fixed-file generation of files.c.  The
 *      switch callback frees the per-CPU counters itself (no ALLOW_REINIT)
 *      and the owner's percpu_ref_exit() finds nothing left to free.
 *   B  PERCPU_REF_ALLOW_REINIT plus the switcher.  kill may now meet a
 *      switch in flight (it sleeps until confirm_switch is NULL), an atomic
 *      ref (hook at once, no grace period, and release() may come from the
 *      kill's own put), or a ref switched back to percpu mode (bias added
 *      back, counters zeroed, the callback's final put on the percpu path).
 * -DNO_SWITCHER restricts the search to A.  -DWARN_CONTINUES makes P1 a
 * printf, as the kernel carries on after a WARN, so that the SEED search
 * goes on to the use after free that follows it.
 *
 * ===========================================================================
 * Abstractions
 * ===========================================================================
 *
 * The bias.  ref->count is (biased ? PERCPU_COUNT_BIAS : 0) + count.  The
 * bias is 2^63 and the model has a handful of references, so nothing can
 * carry into or borrow from it: a bit plus a small integer is exact.
 * atomic_long_sub_and_test() hits zero iff !biased && count == 0, and
 * atomic_long_add_unless(.., 1, 0) adds unless that holds.
 *
 * Memory model and atomicity.  Sequential consistency; each Promela step
 * is one indivisible action.  ringlet is x86 (TSO) and the orderings the
 * protocol needs come from the lock, atomics, smp_store_release and the
 * grace period, so SC is the intended reading.  To keep the search small,
 * consecutive accesses are merged into one step where no other process can
 * tell the difference (each merge only removes "stutter": interleavings
 * equivalent to ones that remain):
 *   - rcu_read_lock() with the READ_ONCE of percpu_count_ptr after it, and
 *     the counter update with rcu_read_unlock() after it (a grace period
 *     that sees the section a moment longer only waits longer);
 *   - actions under percpu_ref_switch_lock on fields no lock-free observer
 *     reads before call_rcu (force_atomic, confirm_switch, the switch's own
 *     get, which is on the atomic path because ATOMIC was just set);
 *   - the callback's reads of the per-CPU counters (after the grace period
 *     nobody writes them: the ghost `frozen` asserts exactly that) and the
 *     zeroing of them in switch_to_percpu (same reason).
 * The steps whose order *is* the subject stay separate: every get/put has
 * its flag read and its counter update apart; the callback's sum, hook,
 * clear of confirm_switch, read of allow_reinit, exit and final put are
 * separate steps; percpu_ref_exit() checks confirm_switch apart from
 * freeing the counters; switch_to_percpu adds the bias apart from clearing
 * ATOMIC.  The plain |= on percpu_count_ptr is one step: it runs under the
 * lock, and the only unlocked writer, percpu_ref_exit() (from the callback
 * in configuration A, or the owner's after the wait), cannot overlap it in
 * the modelled configurations.
 *
 * RCU.  Bit c of rcu_readers is set while context c (a reader, rcuc's
 * final put, the owner's put of the initial reference) is between
 * rcu_read_lock() and rcu_read_unlock().  (The switch's own get is folded
 * into the call_rcu step, see above; the switcher does no get or put.)  call_rcu() snapshots rcu_readers into gp_wait;
 * leaving a read-side section clears one's bit in gp_wait; the callback
 * may run once gp_wait is 0.  That is the definition of a grace period:
 * every read-side section in progress when call_rcu() was called has
 * ended (later ones need not be waited for).  rcuc dequeues the callback
 * (CB_NONE: the head may be queued again, as in kernel/rcu/rcu.c) before
 * running it; call_rcu() on a head still queued is asserted against.
 *
 * Per-CPU counters.  pcpu[c] is CPU c's counter; reader c is on CPU c,
 * rcuc/0 on CPU 0.  Which CPU a put lands on is irrelevant to the
 * protocol: only the sum is used, read after the grace period.
 *
 * Object lifetime.  `freed` is a ghost for kfree() of the object holding
 * the ref; every access to a field of the ref asserts !freed (ACCESS).  The
 * per-CPU counters are their own allocation (counters_live), pointed to by
 * percpu_count_ptr when cptr.  Lookups are protected by a count of lookups
 * in progress that the owner drains after unpublishing (the part uring_lock
 * or RCU plays for real users); a reader holding a reference needs no other
 * protection, since the owner waits for release().
 *
 * Waiting.  wait_event()/wait_for_completion() are blocking guards on
 * their condition; the wait queue itself (no lost wake-ups; wake_up()
 * wakes every sleeper, kernel/sched/wait.c) is taken as correct.
 *
 * ===========================================================================
 * What is checked (asserts; pan also reports an owner blocked forever)
 * ===========================================================================
 *
 *  P1  percpu_ref_exit() never runs with confirm_switch non-NULL: the
 *      WARN_ON_ONCE in percpu_ref_exit ("WARNING in percpu_ref_exit").
 *  P2  no access to the ref after the object is freed; the per-CPU counters
 *      are not written, summed or freed after they were freed; the
 *      rcu_head is not still queued when the object is freed.
 *  P3  release() runs exactly once: never twice (assert in release()); the
 *      SAFE owner waits for it, so if it never ran pan would report an
 *      invalid end state, and the owner asserts it at the end.  The kill's
 *      confirm hook runs exactly once, and before release().
 *  P4  once the bias is gone the count never goes below zero, and it is > 0
 *      right after the switch (WARN in percpu_ref_switch_to_atomic_rcu).
 *  P5  no per-CPU counter is written once the callback has summed them (a
 *      lost get/put); the bias is removed and added back alternately.
 *  P6  a tryget_live() that starts after the confirm hook returned fails.
 *  P7  kill is not called twice; one switch at a time (call_rcu() never
 *      meets the head still queued).
 */

#ifndef READERS
#define READERS 2		/* CPUs doing get/put (2 or 3) */
#endif
#ifndef ITERS
#define ITERS 1			/* tryget_live rounds per reader */
#endif

#define NCPU		READERS
#define CTX_RCUC	READERS		/* rcu_read_lock() contexts: readers 0..READERS-1, */
#define CTX_OWNER	(READERS + 1)	/* then rcuc and the owner */
#define CPU_RCUC	0
#define CPU_OWNER	(NCPU - 1)

/* Low bits of percpu_count_ptr */
#define F_ATOMIC	1		/* __PERCPU_REF_ATOMIC */
#define F_DEAD		2		/* __PERCPU_REF_DEAD */
#define F_ATOMIC_DEAD	3		/* __PERCPU_REF_ATOMIC_DEAD */

/* Values of confirm_switch, and of a confirm argument */
#define HOOK_NULL	0		/* NULL: no switch in flight */
#define HOOK_NOOP	1		/* percpu_ref_noop_confirm_switch */
#define HOOK_OWNER	2		/* the owner's kill hook */

/* State of the ref's one rcu_head */
#define CB_NONE		0
#define CB_QUEUED	1

/* ---- struct percpu_ref ---- */
byte flags;			/* ATOMIC/DEAD bits of percpu_count_ptr */
bool cptr;			/* percpu_count_ptr has a counter pointer */
short count;			/* ref->count, without the bias */
bool biased;			/* ref->count includes PERCPU_COUNT_BIAS */
byte confirm_switch;		/* HOOK_*: non-NULL <=> a switch is in flight */
bool force_atomic;
bool allow_reinit;
byte cb;			/* ref->rcu: CB_NONE or CB_QUEUED */

/* ---- the per-CPU counters, a separate allocation ---- */
short pcpu[NCPU];
bool counters_live;		/* not free_percpu()'d yet */

/* ---- the world around the ref ---- */
bool lk;			/* percpu_ref_switch_lock */
byte rcu_readers;		/* bit c: context c is inside rcu_read_lock() */
byte gp_wait;			/* sections the queued callback still waits for */
bool published;			/* the object can be looked up */
byte lookups;			/* lookups in progress */
bool freed;			/* ghost: the object was kfree()d */
bool frozen;			/* ghost: the counters were summed, not yet rezeroed */
bool confirmed;			/* completion signalled by the owner's hook */
bool released_done;		/* completion signalled by release() */
bool switcher_done;
byte released;			/* release() calls */
byte hooks;			/* owner's hook calls */

#define ACCESS		assert(!freed)
#define RCU_ENTER(ctx)	rcu_readers = rcu_readers | (1 << (ctx))
#define RCU_EXIT(ctx)	rcu_readers = rcu_readers & ~(1 << (ctx)); \
			gp_wait = gp_wait & ~(1 << (ctx))

/* ===========================================================================
 * The user's callbacks
 * ========================================================================= */

/* release(), called by the put that took the count to zero.  The SAFE
 * owner's release does complete(&released); the object must not be
 * touched by percpu_ref after it. */
inline release_body()
{
	ACCESS;				/* ref->release(ref) reads the pointer */
	released++;
	assert(released == 1);		/* P3: never twice */
	assert(hooks == 1);		/* P3: the kill's hook came first */
	released_done = true;
	printf("MSC: release(): count reached 0\n")
}

/* The owner's confirm_kill hook: complete(&confirmed).  Runs from the
 * callback, or at once from kill_and_confirm if the ref is already atomic. */
inline call_hook(h)
{
	if
	:: h == HOOK_OWNER ->
		hooks++;
		assert(hooks == 1);
		confirmed = true;
		printf("MSC: confirm hook: complete(&confirmed)\n")
	:: else -> skip		/* percpu_ref_noop_confirm_switch */
	fi
}

/* ===========================================================================
 * The fast paths, include/percpu_ref.h.  p, z, ok: the caller's locals.
 * ========================================================================= */

/* percpu_ref_get() = percpu_ref_get_many(ref, 1) */
inline ref_get(ctx, cpu)
{
	atomic { ACCESS; RCU_ENTER(ctx); p = flags };	/* rcu_read_lock; READ_ONCE */
	if
	:: (p & F_ATOMIC_DEAD) == 0 ->
		atomic {				/* this_cpu_add */
			assert(counters_live && !frozen);	/* P2, P5 */
			pcpu[cpu]++;
			RCU_EXIT(ctx);
			printf("MSC: ctx %d: get, percpu: pcpu[%d] = %d\n", ctx, cpu, pcpu[cpu])
		}
	:: else ->
		atomic {				/* atomic_long_add */
			ACCESS;
			count++;
			RCU_EXIT(ctx);
			printf("MSC: ctx %d: get, atomic: count = %d\n", ctx, count)
		}
	fi
}

/* percpu_ref_put() = percpu_ref_put_many(ref, 1) */
inline ref_put(ctx, cpu)
{
	atomic { ACCESS; RCU_ENTER(ctx); p = flags };
	if
	:: (p & F_ATOMIC_DEAD) == 0 ->
		atomic {				/* this_cpu_sub */
			assert(counters_live && !frozen);
			pcpu[cpu]--;
			RCU_EXIT(ctx);
			printf("MSC: ctx %d: put, percpu: pcpu[%d] = %d\n", ctx, cpu, pcpu[cpu])
		}
	:: else ->
		atomic {				/* atomic_long_sub_and_test */
			ACCESS;
			count--;
			assert(biased || count >= 0);	/* P4 */
			z = (!biased && count == 0);
			printf("MSC: ctx %d: put, atomic: count = %d (biased %d)\n", ctx, count, biased);
			if
			:: !z -> RCU_EXIT(ctx)
			:: else -> skip
			fi
		};
		if
		:: z -> atomic { release_body(); RCU_EXIT(ctx) }	/* ref->release(ref) */
		:: else -> skip
		fi
	fi
}

/* percpu_ref_tryget_live(): ok says whether it took a reference */
inline ref_tryget_live(ctx, cpu)
{
	ok = false;
	atomic { ACCESS; RCU_ENTER(ctx); p = flags };
	if
	:: (p & F_ATOMIC_DEAD) == 0 ->
		atomic {
			assert(counters_live && !frozen);
			pcpu[cpu]++;
			ok = true;
			RCU_EXIT(ctx);
			printf("MSC: ctx %d: tryget_live, percpu: ok, pcpu[%d] = %d\n", ctx, cpu, pcpu[cpu])
		}
	:: else ->
		atomic {				/* READ_ONCE again: DEAD? */
			ACCESS;
			p = flags;
			if
			:: p & F_DEAD ->
				RCU_EXIT(ctx);
				printf("MSC: ctx %d: tryget_live: dead, fails\n", ctx)
			:: else -> skip
			fi
		};
		if
		:: (p & F_DEAD) == 0 ->
			atomic {			/* atomic_long_add_unless(.., 1, 0) */
				ACCESS;
				if
				:: biased || count != 0 -> count++; ok = true
				:: else -> skip
				fi;
				RCU_EXIT(ctx);
				printf("MSC: ctx %d: tryget_live, atomic: ok %d, count = %d\n", ctx, ok, count)
			}
		:: else -> skip
		fi
	fi
}

/* ===========================================================================
 * The slow paths, lib/percpu_ref.c
 * ========================================================================= */

/* percpu_ref_exit().  c: the caller's local. */
inline ref_exit()
{
	atomic {
		ACCESS;
		c = cptr;			/* counters = percpu_count_ptr(ref) */
		printf("MSC: percpu_ref_exit(): counters %d, confirm_switch %d\n", c, confirm_switch);
		if
		:: c && confirm_switch != HOOK_NULL ->	/* WARN_ON_ONCE(ref->confirm_switch) */
#ifdef WARN_CONTINUES
			printf("MSC: WARNING in percpu_ref_exit (and on we go)\n")
#else
			assert(confirm_switch == HOOK_NULL)	/* P1 */
#endif
		:: else -> skip
		fi
	};
	if
	:: c ->
		atomic {
			assert(counters_live);	/* P2: free_percpu() once */
			counters_live = false;
			ACCESS;			/* percpu_count_ptr = ATOMIC_DEAD */
			cptr = false;
			flags = F_ATOMIC_DEAD;
			printf("MSC: percpu_ref_exit(): counters freed\n")
		}
	:: else -> skip
	fi
}

/* __percpu_ref_switch_mode(ref, confirm), percpu_ref_switch_lock held on
 * entry and exit; with __percpu_ref_switch_to_atomic() and
 * __percpu_ref_switch_to_percpu() inlined.  p, z: the caller's locals. */
inline switch_mode_locked(confirm)
{
	/* while (ref->confirm_switch) { unlock; wait_event(..); lock; } */
	atomic {
		ACCESS;
		z = (confirm_switch != HOOK_NULL);
		if
		:: z ->
			lk = false;			/* unlock, then sleep */
			printf("MSC: switch in flight: sleep until confirm_switch == NULL\n")
		:: else -> skip
		fi
	};
	if
	:: z -> atomic { (!lk && confirm_switch == HOOK_NULL) -> lk = true; ACCESS }
	:: else -> skip
	fi;
	/* if (ref->force_atomic || (ref->percpu_count_ptr & DEAD)) */
	atomic { ACCESS; z = (force_atomic || (flags & F_DEAD) != 0); p = flags };
	if
	:: z && (p & F_ATOMIC) ->
		/* __percpu_ref_switch_to_atomic, already atomic: hook at once */
		atomic {
			printf("MSC: already atomic: confirm at once, no grace period\n");
			call_hook(confirm)
		}
	:: z && !(p & F_ATOMIC) ->
		/* __percpu_ref_switch_to_atomic: set ATOMIC, confirm_switch, take
		 * the switch's own reference (atomic path: ATOMIC is set), call_rcu */
		atomic {
			ACCESS;
			flags = flags | F_ATOMIC;
			confirm_switch = (confirm == HOOK_NULL -> HOOK_NOOP : confirm);
			count++;
			assert(cb == CB_NONE);		/* P7: one switch at a time */
			cb = CB_QUEUED;
			gp_wait = rcu_readers;		/* the grace period starts */
			printf("MSC: switch to atomic: ATOMIC set, confirm_switch = %d, switch's get: count = %d, call_rcu (grace period waits for ctx mask %x)\n", confirm_switch, count, gp_wait)
		}
	:: !z && !(p & F_ATOMIC) -> skip		/* __percpu_ref_switch_to_percpu: already */
	:: !z && (p & F_ATOMIC) ->
		/* __percpu_ref_switch_to_percpu */
		atomic {
			ACCESS;
			assert(cptr);			/* BUG_ON(!counters) */
			assert(allow_reinit);		/* WARN_ON_ONCE(!allow_reinit) */
			assert(!biased);		/* P5 */
			biased = true;			/* atomic_long_add(BIAS) */
			printf("MSC: switch to percpu: bias added back\n")
		};
		atomic {
			assert(counters_live);
			for (i : 0 .. NCPU - 1) {	/* zero every CPU's counter */
				pcpu[i] = 0
			}
			ACCESS;				/* smp_store_release: clear ATOMIC */
			flags = flags & ~F_ATOMIC;
			frozen = false;
			printf("MSC: switch to percpu: counters zeroed, ATOMIC cleared\n")
		}
	fi
}

/* ===========================================================================
 * Processes
 * ========================================================================= */

/* A CPU doing get/put (a request using a fixed file). */
proctype reader(byte me)
{
	byte n, p;
	bool ok, z, looked, saw_confirmed;

	do
	:: n < ITERS ->
		atomic {				/* look the object up */
			looked = published;
			if
			:: looked -> lookups++
			:: else -> skip
			fi;
			saw_confirmed = confirmed	/* the kill's hook has returned */
		};
		if
		:: !looked -> break
		:: else -> skip
		fi;
		ref_tryget_live(me, me);
		atomic {
			lookups--;			/* our reference protects it now */
			assert(!(saw_confirmed && ok))	/* P6 */
		};
		if
		:: ok ->
			if
			:: ref_get(me, me); ref_put(me, me)	/* nested get and put */
			:: skip
			fi;
			ref_put(me, me)
		:: else -> skip
		fi;
		n++
	:: else -> break
	od
}

/* percpu_ref_switch_to_atomic(ref, NULL); percpu_ref_switch_to_percpu(ref) */
proctype switcher()
{
	byte p, i;
	bool z;

	atomic { !lk -> lk = true; ACCESS; force_atomic = true };
	switch_mode_locked(HOOK_NULL);
	lk = false;

	atomic { !lk -> lk = true; ACCESS; force_atomic = false };
	switch_mode_locked(HOOK_NULL);
	atomic { lk = false; switcher_done = true }
}

/* The owner.  SAFE: kernel/uring/files.c io_sqe_files_free(); SEED:
 * cbb537634780's io_sqe_files_unregister(). */
proctype teardown()
{
	byte p, i;
	bool z, c, unpublished;

	/* files.c unpublishes first (data->node = NULL under uring_lock); a
	 * tryget_live user may do it after the wait instead: try both. */
	if
	:: atomic { published = false }; lookups == 0; unpublished = true
	:: skip
	fi;

	/* percpu_ref_kill_and_confirm(ref, owner_hook) */
	atomic {
		!lk -> lk = true;
		ACCESS;
		assert((flags & F_DEAD) == 0);		/* P7: "called more than once" */
		flags = flags | F_DEAD;
		printf("MSC: owner: percpu_ref_kill_and_confirm(): DEAD set\n")
	};
	switch_mode_locked(HOOK_OWNER);
	ref_put(CTX_OWNER, CPU_OWNER);			/* the initial reference */
	lk = false;

#ifdef SEED
	atomic {		/* wait_for_completion: the confirm hook ran */
		confirmed -> printf("MSC: owner: woken by the confirm hook (SEED)\n")
	};
#else
	atomic {		/* wait_for_completion: release() ran */
		released_done -> printf("MSC: owner: woken by release()\n")
	};
#endif

	if
	:: !unpublished -> atomic { published = false }; lookups == 0
	:: else -> skip
	fi;
	switcher_done;		/* the switcher is a user of the owner's: joined */

	ref_exit();		/* percpu_ref_exit() */
	atomic {		/* kfree() */
		assert(cb == CB_NONE);			/* P2: no queued rcu_head inside */
		freed = true;
		printf("MSC: owner: kfree(object)\n")
	};
#ifndef SEED
	assert(released == 1 && hooks == 1)		/* P3 */
#endif
}

/* rcuc/0: after the grace period, percpu_ref_switch_to_atomic_rcu() and
 * percpu_ref_call_confirm_rcu(), step by step as in lib/percpu_ref.c. */
active proctype rcuc()
{
	byte p, h, i;
	short sum;
	bool z, c;

end:	do
	:: atomic {
		(cb == CB_QUEUED && gp_wait == 0) ->
		cb = CB_NONE;				/* dequeued; may be queued again */
		/* percpu_ref_switch_to_atomic_rcu(): sum every CPU's counter */
		ACCESS;
		assert(cptr && counters_live);		/* P2 */
		sum = 0;
		for (i : 0 .. NCPU - 1) {
			sum = sum + pcpu[i]
		}
		frozen = true;				/* P5: no writes from now on */
		printf("MSC: rcuc: grace period over; callback sums counters: %d\n", sum)
	   };
		atomic {				/* count += sum - BIAS, one add */
			ACCESS;
			assert(biased);			/* P5 */
			count = count + sum;
			biased = false;
			printf("MSC: rcuc: count += sum - BIAS: count = %d\n", count);
			assert(count > 0)		/* P4: WARN(count <= 0) */
		};
		/* LAB(percpu_ref) BEGIN SOLUTION */
		/* percpu_ref_call_confirm_rcu() */
		atomic {				/* ref->confirm_switch(ref) */
			ACCESS;
			h = confirm_switch;
			call_hook(h)
		};
		/* udelay(percpu_ref_confirm_delay_us): only time, not modelled */
		atomic {				/* + wake_up() */
			printf("MSC: rcuc: confirm_switch = NULL; wake_up()\n");
			ACCESS;
			confirm_switch = HOOK_NULL
		};
		atomic {				/* if (!ref->allow_reinit) */
			printf("MSC: rcuc: reads allow_reinit\n");
			ACCESS;
			c = allow_reinit
		};
		if
		:: !c -> ref_exit()			/*	percpu_ref_exit(ref) */
		:: else -> skip
		fi;
		ref_put(CTX_RCUC, CPU_RCUC)		/* the switch's reference: last */
		/* LAB(percpu_ref) END SOLUTION */
		/* LAB(percpu_ref) STUB: skip */
		/* LAB(percpu_ref) YOUR CODE HERE: percpu_ref_call_confirm_rcu(), one atomic step per access to the ref, in the order of lib/percpu_ref.c (hook, confirm_switch = NULL and wake_up, allow_reinit and maybe ref_exit(), the last put) */
	od
}

init {
	byte r;

	atomic {
		/* percpu_ref_init(ref, release, 0 or PERCPU_REF_ALLOW_REINIT) */
		flags = 0;
		cptr = true;
		counters_live = true;
		count = 1;
		biased = true;
		confirm_switch = HOOK_NULL;
		cb = CB_NONE;
		published = true;
#ifdef NO_SWITCHER
		allow_reinit = false;
#else
		if
		:: allow_reinit = false		/* A: a files.c generation */
		:: allow_reinit = true		/* B: mode switches too */
		fi;
#endif
		for (r : 0 .. READERS - 1) {
			run reader(r)
		}
		if
		:: allow_reinit -> run switcher()
		:: else -> switcher_done = true
		fi;
		run teardown();
		printf("MSC: config %d; contexts: readers 0..%d, rcuc %d, owner %d\n",
		       allow_reinit, READERS - 1, CTX_RCUC, CTX_OWNER)
	}
}
