/*
 * Self-tests of spinlocks on one CPU (contention tests need several CPUs
 * and come with SMP bring-up).
 */
#include "ktest.h"
#include "spinlock.h"
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

KTEST_OPTS(spinlock, recursion_is_bug,
	   .expect_report = "BUG: spinlock recursion in ktest_spinlock_recursion_is_bug")
{
	DEFINE_SPINLOCK(l);

	spin_lock(&l);
	spin_lock(&l);	/* would spin forever: reported instead */
	ktest_fail(__FILE__, __LINE__, "recursive spin_lock returned");
}
