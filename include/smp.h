/*
 * CPUs.  Only the boot CPU runs so far; num_online_cpus() is what tests
 * compare their needs with.
 */
#ifndef SMP_H
#define SMP_H

#include "percpu.h"

extern int nr_cpus_online;

static inline int num_online_cpus(void)
{
	return READ_ONCE(nr_cpus_online);
}

/*
 * Stops every other CPU (an NMI to all but self) and does not wait: used by
 * panic, when nothing else must run.  A stopped CPU halts with interrupts
 * off for good.
 */
void smp_send_stop(void);

#endif
