/*
 * The scheduler: per-CPU run queues, round robin, preemption.
 *
 * A run queue holds the task running on its CPU (curr), the CPU's idle
 * task, and a FIFO of runnable tasks that are not running.  __schedule()
 * picks the next task with the queue locked and interrupts off:
 *
 *   - a task that calls schedule() with its state set to TASK_SLEEPING
 *     leaves the queue (a wake-up puts it back);
 *   - a task that is preempted (the tick's round robin, or a wake-up of a
 *     task on an idle CPU) stays runnable, even if it had just set
 *     TASK_SLEEPING and was about to test its wait condition: taking it off
 *     then could lose the wake-up it is waiting for;
 *   - the idle task is never queued: it runs when the queue is empty.
 *
 * The queue's lock is held across the switch and released by the task
 * switched to (finish_task_switch).  So a remote wake-up, which takes the
 * same lock, always sees either the old state or a completed switch, and a
 * task's stack is never used by two CPUs: tasks never change CPU.
 *
 * The address space goes with the task: switch_mm_irqs_off() loads the
 * next task's mm, or keeps the loaded one for a kernel thread (lazy TLB,
 * see kernel/mm/mmu_context.c); the one given up is dropped after the
 * queue is unlocked.
 *
 * The CPU state beyond the stack goes with it too: __switch_to_xtra saves
 * and loads a user task's FPU registers and FS base and points the ring-3
 * entries at the next task's stack (arch/x86_64/process.c).
 *
 * Preemption happens at two points: on the way out of an interrupt
 * (preempt_schedule_irq, if the interrupt set need_resched and the
 * interrupted code had preemption enabled), and in preempt_enable() when
 * the count drops to zero with a reschedule pending.
 */
#include "sched.h"
#include "preempt.h"
#include "smp.h"
#include "report.h"
#include "printk.h"
#include "panic.h"
#include <asm/x86.h>
#include "rcupdate.h"
#include "vm.h"
#include "syscalls.h"

struct rq {
	spinlock_t lock;
	struct task *curr;
	struct task *idle;
	struct list_head queue;
};

static DEFINE_PER_CPU(struct rq, runqueue);
DEFINE_PER_CPU(int, preempt_count_pcpu);
DEFINE_PER_CPU(bool, need_resched_pcpu);

struct task *__switch_to(struct task *prev, struct task *next);

static struct rq *cpu_rq(int cpu)
{
	return &per_cpu(runqueue, cpu);
}

static void enqueue(struct rq *rq, struct task *t)
{
	list_add_tail(&t->run_node, &rq->queue);
	t->on_rq = true;
}

void sched_init_cpu(int cpu, struct task *idle)
{
	struct rq *rq = cpu_rq(cpu);

	spin_lock_init(&rq->lock, "rq->lock");
	INIT_LIST_HEAD(&rq->queue);
	rq->curr = idle;
	rq->idle = idle;
	idle->cpu = cpu;
	idle->state = TASK_RUNNING;
	INIT_LIST_HEAD(&idle->run_node);
}

void sched_init(void)
{
	sched_init_cpu(0, &init_task);
}

static void finish_task_switch(struct task *prev)
{
	spin_unlock(&this_cpu_ptr(&runqueue)->lock);
	/*
	 * Before exited: when a dead thread hands the CPU to idle, the mm it
	 * borrowed is dropped before kthread_stop() can return.
	 */
	finish_mm_switch();
	/* prev is off its stack for good: now whoever waits may free it. */
	if (prev->state == TASK_DEAD)
		complete_all(&prev->exited);
}

/* Called with interrupts off and preemption enabled (count 0). */
static void __schedule(bool preempt)
{
	struct rq *rq = this_cpu_ptr(&runqueue);
	struct task *prev = rq->curr, *next;

	rcu_note_context_switch();	/* before the rq lock: it may wake a waiter */
	spin_lock(&rq->lock);
	this_cpu_write(need_resched_pcpu, false);
	if (prev != rq->idle && (prev->state == TASK_RUNNING || (preempt && prev->state == TASK_SLEEPING)))
		enqueue(rq, prev);
	if (list_empty(&rq->queue)) {
		next = rq->idle;
	} else {
		next = list_first_entry(&rq->queue, struct task, run_node);
		list_del_init(&next->run_node);
		next->on_rq = false;
	}
	if (next != prev) {
		rq->curr = next;
		this_cpu_write(current_task, next);
		next->nr_switches++;
		switch_mm_irqs_off(next->mm, next == rq->idle);
		__switch_to_xtra(prev, next);	/* FPU, FS base, the ring-3 entry stack */
		prev = __switch_to(prev, next);
	}
	finish_task_switch(prev);
}

/* The first thing a new kernel thread runs (from ret_from_kthread). */
void schedule_tail(struct task *prev)
{
	finish_task_switch(prev);
	local_irq_enable();
}

/* Gives up the CPU; returns when this task is picked again.  May sleep. */
void schedule(void)
{
	local_irq_disable();
	__schedule(false);
	local_irq_enable();
}

void yield(void)
{
	might_sleep();
	local_irq_disable();
	__schedule(true);
	local_irq_enable();
}

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

void preempt_schedule_irq(void)
{
	do {
		__schedule(true);
	} while (need_resched());
}

void preempt_schedule(void)
{
	if (preempt_count() == 0 && !irqs_disabled()) {
		local_irq_disable();
		__schedule(true);
		local_irq_enable();
	}
}

bool wake_up_process(struct task *t)
{
	struct rq *rq = cpu_rq(t->cpu);
	unsigned long flags = spin_lock_irqsave(&rq->lock);
	bool kick = false;

	if (t->state != TASK_SLEEPING) {
		spin_unlock_irqrestore(&rq->lock, flags);
		return false;
	}
	WRITE_ONCE(t->state, TASK_RUNNING);
	if (!t->on_rq && rq->curr != t) {
		enqueue(rq, t);
		kick = rq->curr == rq->idle;
	}
	if (kick && t->cpu == smp_processor_id())
		set_need_resched();
	spin_unlock_irqrestore(&rq->lock, flags);
	if (kick && t->cpu != smp_processor_id())
		smp_send_reschedule(t->cpu);
	return true;
}

void signal_task(struct task *t)
{
	WRITE_ONCE(t->sigpending, true);
	smp_mb();	/* the flag before the state check: pairs with set_current_state */
	wake_up_process(t);
}

void scheduler_tick(void)
{
	struct rq *rq = this_cpu_ptr(&runqueue);

	spin_lock(&rq->lock);
	if (!list_empty(&rq->queue))
		set_need_resched();
	spin_unlock(&rq->lock);
	rcu_sched_clock_irq();
}

void cpu_idle(void)
{
	for (;;) {
		local_irq_disable();
		rcu_note_context_switch();	/* idle is never inside a reader */
		if (need_resched()) {
			__schedule(false);
			local_irq_enable();
			continue;
		}
		/* sti takes effect after hlt starts: no wake-up slips in between. */
		asm volatile("sti; hlt" ::: "memory");
	}
}

void __might_sleep(const char *file, int line)
{
	unsigned long rbp = (unsigned long)__builtin_frame_address(0);
	char title[TITLE_MAX];

	if (likely(!in_atomic() && !irqs_disabled()))
		return;
	report_begin();
	printk(KERN_ERR "BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	printk(KERN_ERR "in_atomic(): %d, irqs_disabled(): %d, non_block: 0, pid: %d, name: %s\n",
	       in_atomic(), irqs_disabled(), current->pid, current->comm);
	printk(KERN_ERR "preempt_count: %x, expected: 0\n", preempt_count());
	print_cpu_line();
	show_trace(rbp);
	printk(KERN_ERR END_TRACE);
	report_title_from_trace(title, "BUG: sleeping function called from invalid context", rbp);
	report_end(title);
	report_check_panic_on_warn(title);
}
