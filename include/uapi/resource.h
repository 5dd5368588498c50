/*
 * The resource-limit ABI: RLIMIT_* numbers, RLIM_INFINITY and the two
 * layouts (struct rlimit for getrlimit/setrlimit, struct rlimit64 for
 * prlimit64), with Linux's x86_64 values (include/uapi/asm-generic/
 * resource.h).  On x86_64 both layouts are two 64-bit words.
 */
#ifndef UAPI_RESOURCE_H
#define UAPI_RESOURCE_H

#define RLIMIT_CPU		0
#define RLIMIT_FSIZE		1
#define RLIMIT_DATA		2
#define RLIMIT_STACK		3
#define RLIMIT_CORE		4
#define RLIMIT_RSS		5
#define RLIMIT_NPROC		6
#define RLIMIT_NOFILE		7
#define RLIMIT_MEMLOCK		8
#define RLIMIT_AS		9
#define RLIMIT_LOCKS		10
#define RLIMIT_SIGPENDING	11
#define RLIMIT_MSGQUEUE		12
#define RLIMIT_NICE		13
#define RLIMIT_RTPRIO		14
#define RLIMIT_RTTIME		15
#define RLIM_NLIMITS		16

#define RLIM_INFINITY		(~0UL)
#define RLIM64_INFINITY		(~0ULL)

struct rlimit {
	unsigned long rlim_cur;
	unsigned long rlim_max;
};

struct rlimit64 {
	unsigned long long rlim_cur;
	unsigned long long rlim_max;
};

#endif
