/*
 * Self-tests of spinlocks: locking, trylock and irqsave on one CPU, a
 * recursive lock reported instead of spinning forever, mutual exclusion
 * under contention from every CPU, and the acquisition statistics, which
 * must stay exact even when every CPU hammers one lock.
 */
#include "ktest.h"
#include "spinlock.h"
#include "smp.h"
#include <asm/x86.h>

KTEST(spinlock, lock_unlock_trylock)
{
	DEFINE_SPINLOCK(l);

	EXPECT_FALSE(spin_is_locked(&l));
	spin_lock(&l);
	EXPECT_TRUE(spin_is_locked(&l));
	EXPECT_FALSE(spin_trylock(&l));
	spin_unlock(&l);
	EXPECT_TRUE(spin_trylock(&l));
	spin_unlock(&l);
	EXPECT_FALSE(spin_is_locked(&l));
}

KTEST(spinlock, irqsave_restores_state)
{
	DEFINE_SPINLOCK(l);
	unsigned long flags;

	ASSERT_FALSE(irqs_disabled());
	flags = spin_lock_irqsave(&l);
	EXPECT_TRUE(irqs_disabled());
	spin_unlock_irqrestore(&l, flags);
	EXPECT_FALSE(irqs_disabled());
}

KTEST(spinlock, statistics_count_each_acquisition)
{
	DEFINE_SPINLOCK(l);
	unsigned long flags;

	EXPECT_EQ(spin_lock_acquisitions(&l), 0);
	for (int i = 0; i < 5; i++) {
		spin_lock(&l);
		spin_unlock(&l);
	}
	EXPECT_EQ(spin_lock_acquisitions(&l), 5);
	flags = spin_lock_irqsave(&l);
	EXPECT_FALSE(spin_trylock(&l));	/* a failed trylock takes nothing */
	spin_unlock_irqrestore(&l, flags);
	EXPECT_EQ(spin_lock_acquisitions(&l), 6);
	EXPECT_TRUE(spin_trylock(&l));
	spin_unlock(&l);
	EXPECT_EQ(spin_lock_acquisitions(&l), 7);
	EXPECT_EQ(spin_lock_contentions(&l), 0);	/* one CPU never waits for itself */
	spin_lock_init(&l, "again");
	EXPECT_EQ(spin_lock_acquisitions(&l), 0);
}

KTEST_OPTS(spinlock, recursion_is_bug,
	   .expect_report = "BUG: spinlock recursion in ktest_spinlock_recursion_is_bug")
{
	DEFINE_SPINLOCK(l);

	spin_lock(&l);
	spin_lock(&l);	/* would spin forever: reported instead */
	ktest_fail(__FILE__, __LINE__, "recursive spin_lock returned");
}

/*
 * Lock handoffs under TCG cost about a host time slice once vCPUs outnumber
 * host cores, so the total number of acquisitions stays fixed as CPUs grow.
 */
#define LOCK_ACQUISITIONS 2400

static int lock_loops(void)
{
	return max(LOCK_ACQUISITIONS / num_online_cpus(), 25);
}

static DEFINE_SPINLOCK(contended);
static unsigned long unprotected_total;	/* a plain variable: only the lock keeps it exact */

static int lock_and_add(void *arg)
{
	bool irqsave = arg != NULL;

	for (int i = 0; i < lock_loops(); i++) {
		unsigned long flags = 0;

		if (irqsave)
			flags = spin_lock_irqsave(&contended);
		else
			spin_lock(&contended);
		unsigned long v = unprotected_total;
		cpu_relax();	/* widen the read-modify-write window */
		unprotected_total = v + 1;
		if (irqsave)
			spin_unlock_irqrestore(&contended, flags);
		else
			spin_unlock(&contended);
	}
	return 0;
}

KTEST_OPTS(spinlock, mutual_exclusion_all_cpus, .min_cpus = 2)
{
	unprotected_total = 0;
	ktest_run_threads(lock_and_add, NULL, 1);
	EXPECT_EQ(unprotected_total, (unsigned long)lock_loops() * (unsigned long)num_online_cpus());
	unprotected_total = 0;
	ktest_run_threads(lock_and_add, (void *)1, 1);
	EXPECT_EQ(unprotected_total, (unsigned long)lock_loops() * (unsigned long)num_online_cpus());
	EXPECT_FALSE(spin_is_locked(&contended));
}

/*
 * The counters are plain increments by the holder: if the lock did not
 * order each holder after the previous one, increments would be lost
 * here, exactly as unprotected_total's would.
 */
KTEST_OPTS(spinlock, statistics_exact_under_contention, .min_cpus = 2)
{
	unsigned long taken = spin_lock_acquisitions(&contended);
	unsigned long waited = spin_lock_contentions(&contended);
	unsigned long expect = 2 * (unsigned long)lock_loops() * (unsigned long)num_online_cpus();

	ktest_run_threads(lock_and_add, NULL, 1);
	ktest_run_threads(lock_and_add, (void *)1, 1);
	EXPECT_EQ(spin_lock_acquisitions(&contended) - taken, expect);
	EXPECT_LE(spin_lock_contentions(&contended) - waited, expect);
}
