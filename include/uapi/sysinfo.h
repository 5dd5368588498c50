/*
 * sysinfo(2)'s result, Linux's x86_64 layout (include/uapi/linux/
 * sysinfo.h): 112 bytes, the memory sizes in units of mem_unit bytes.
 */
#ifndef UAPI_SYSINFO_H
#define UAPI_SYSINFO_H

struct sysinfo {
	long uptime;			/* seconds since boot */
	unsigned long loads[3];		/* 1, 5, 15 minute load averages << 16 */
	unsigned long totalram;
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	unsigned short procs;		/* number of current processes */
	unsigned short pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	unsigned int mem_unit;
	char _f[20 - 2 * sizeof(long) - sizeof(int)];	/* zero bytes on x86_64 */
};

#endif
