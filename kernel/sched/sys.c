/*
 * prctl(2) for a process's name, and getcpu(2) (Linux 6.1's kernel/sys.c
 * gives the semantics).
 *
 * The name is task->comm, 16 bytes with the NUL: execve sets it to the
 * program's last path component, PR_SET_NAME to the first 15 bytes of a
 * string (busybox names its children with it), PR_GET_NAME copies all 16
 * out.  Only the task itself writes its comm; readers elsewhere (kernel
 * messages) may see a half-written name, as Linux's lockless readers may.
 *
 * ringlet keeps none of prctl's other process attributes (death signal,
 * dumpable, no_new_privs, seccomp...), so every other option is -EINVAL,
 * Linux's answer to an option it does not know.
 *
 * getcpu reports the CPU the caller ran on during the call (it may have
 * moved by the time it looks) and node 0: there is one NUMA node.
 */
#include "syscalls.h"
#include "task.h"
#include "percpu.h"
#include "string.h"
#include "errno.h"

#define PR_SET_NAME	15
#define PR_GET_NAME	16

SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2, unsigned long, arg3, unsigned long, arg4,
		unsigned long, arg5)
{
	char comm[TASK_COMM_LEN];

	(void)arg3;
	(void)arg4;
	(void)arg5;
	switch (option) {
	case PR_SET_NAME:
		memset(comm, 0, sizeof(comm));
		if (strncpy_from_user(comm, (const char __user *)arg2, sizeof(comm) - 1) < 0)
			return -EFAULT;
		memcpy(current->comm, comm, sizeof(comm));
		return 0;
	case PR_GET_NAME:
		memcpy(comm, current->comm, sizeof(comm));
		comm[sizeof(comm) - 1] = '\0';
		return copy_to_user((char __user *)arg2, comm, sizeof(comm)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE3(getcpu, unsigned int __user *, cpup, unsigned int __user *, nodep, void __user *,
		unused)
{
	unsigned int cpu = (unsigned int)smp_processor_id(), node = 0;

	(void)unused;
	if (cpup && copy_to_user(cpup, &cpu, sizeof(cpu)))
		return -EFAULT;
	if (nodep && copy_to_user(nodep, &node, sizeof(node)))
		return -EFAULT;
	return 0;
}
