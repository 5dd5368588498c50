/*
 * Kernel timers.
 *
 * Each CPU keeps an unsorted list of armed timers; every tick scans it and
 * runs the expired ones with the list unlocked, so a timer function may
 * re-arm its own timer.  Scanning is O(armed timers) per tick, plenty for a
 * kernel with a handful of them (Linux's timer wheel is the scalable answer).
 *
 * del_timer_sync waits for a running callback: base->running names the
 * timer whose function is executing, so after del_timer_sync returns the
 * timer is neither queued nor running and may be freed.
 */
#include "debugobjects.h"
#include "timer.h"
#include "time.h"
#include "sched.h"
#include "spinlock.h"
#include "percpu.h"
#include "smp.h"
#include <asm/x86.h>

struct timer_base {
	spinlock_t lock;
	struct list_head timers;
	struct timer_list *running;
};

static DEFINE_PER_CPU(struct timer_base, timer_bases);

static struct timer_base *base_of(int cpu)
{
	return &per_cpu(timer_bases, cpu);
}

void timer_init_cpu(int cpu)
{
	struct timer_base *b = base_of(cpu);

	spin_lock_init(&b->lock, "timer_base");
	INIT_LIST_HEAD(&b->timers);
	b->running = NULL;
}

/* ODEBUG's view of a timer: active while armed. */
static void *timer_debug_hint(void *addr)
{
	return (void *)((struct timer_list *)addr)->fn;
}

static void timer_fixup_free(void *addr)
{
	del_timer_sync(addr);	/* freed while armed: disarm before the memory goes */
}

static const struct debug_obj_descr timer_debug_descr = {
	.name = "timer_list",
	.debug_hint = timer_debug_hint,
	.fixup_free = timer_fixup_free,
};

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *))
{
	debug_object_init(t, &timer_debug_descr);
	INIT_LIST_HEAD(&t->entry);
	t->fn = fn;
	t->cpu = -1;
	t->expires = 0;
}

bool timer_pending(const struct timer_list *t)
{
	return READ_ONCE(t->cpu) >= 0;
}

/* Removes t from whatever base it is on; returns true if it was queued. */
static bool detach(struct timer_list *t)
{
	for (;;) {
		int cpu = READ_ONCE(t->cpu);
		struct timer_base *b;
		unsigned long flags;

		if (cpu < 0)
			return false;
		b = base_of(cpu);
		flags = spin_lock_irqsave(&b->lock);
		if (t->cpu == cpu) {
			list_del_init(&t->entry);
			t->cpu = -1;
			debug_object_deactivate(t, &timer_debug_descr);
			spin_unlock_irqrestore(&b->lock, flags);
			return true;
		}
		spin_unlock_irqrestore(&b->lock, flags);	/* it moved: retry */
	}
}

void mod_timer(struct timer_list *t, uint64_t expires)
{
	unsigned long flags = local_irq_save();
	struct timer_base *b;

	detach(t);
	b = base_of(smp_processor_id());
	spin_lock(&b->lock);
	debug_object_activate(t, &timer_debug_descr);	/* under the lock, like detach's */
	t->expires = expires;
	t->cpu = smp_processor_id();
	list_add_tail(&t->entry, &b->timers);
	spin_unlock(&b->lock);
	local_irq_restore(flags);
}

bool del_timer_sync(struct timer_list *t)
{
	bool was = detach(t);

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_possible(cpu))
			while (READ_ONCE(base_of(cpu)->running) == t)
				cpu_relax();
	return was;
}

void run_local_timers(void)
{
	struct timer_base *b = base_of(smp_processor_id());
	uint64_t now = READ_ONCE(jiffies);

	spin_lock(&b->lock);
	for (;;) {
		struct timer_list *t, *found = NULL;

		list_for_each_entry(t, &b->timers, entry) {
			if (t->expires <= now) {
				found = t;
				break;
			}
		}
		if (!found)
			break;
		list_del_init(&found->entry);
		found->cpu = -1;
		WRITE_ONCE(b->running, found);
		debug_object_deactivate(found, &timer_debug_descr);	/* fn may free or re-arm it */
		spin_unlock(&b->lock);
		found->fn(found);
		spin_lock(&b->lock);
		WRITE_ONCE(b->running, NULL);
	}
	spin_unlock(&b->lock);
}

struct sleeper {
	struct timer_list timer;
	struct task *task;
};

static void wake_sleeper(struct timer_list *t)
{
	wake_up_process(container_of(t, struct sleeper, timer)->task);
}

long schedule_timeout(long timeout)
{
	struct sleeper s = { .task = current };
	uint64_t expire = jiffies + (uint64_t)timeout;
	long left;

	might_sleep();
	timer_setup(&s.timer, wake_sleeper);
	mod_timer(&s.timer, expire);
	schedule();
	del_timer_sync(&s.timer);
	/*
	 * The timer dies with this frame, as Linux's destroy_timer_on_stack
	 * says: otherwise its slot would outlive it, and ODEBUG would take
	 * the next object built at this address for this idle timer.
	 */
	debug_object_free(&s.timer, &timer_debug_descr);
	left = (long)(expire - jiffies);
	return left < 0 ? 0 : left;
}

void msleep(unsigned int ms)
{
	/* +1: the current tick is already partly over. */
	uint64_t until = jiffies + ((uint64_t)ms * HZ + 999) / 1000 + 1;

	while (jiffies < until) {
		set_current_state(TASK_SLEEPING);
		schedule_timeout((long)(until - jiffies));
	}
}
