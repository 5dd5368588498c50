/*
 * Self-tests of paging.c's protections (suite paging): kernel text and
 * rodata are read-only and data is not executable (W^X), so each write or
 * fetch here must fault and be reported, titled by the function that did
 * it.  Each test expects the exact title (ktest fails it if the report is
 * missing or titled differently).  The last checks that the kernel's
 * upper-half PML4 entries, which every address space copies, stay fixed.
 */
#include "ktest.h"
#include <asm/paging.h>

/* noinline: the title must name this function, not the test that calls it. */
static __noinline void crash_site_wx_site(void)
{
	/* Kernel text is read-only (W^X): writing to it must fault. */
	*(volatile unsigned char *)crash_site_wx_site = 0xc3;
}

KTEST_OPTS(paging, text_is_read_only,
	   .expect_report = "BUG: unable to handle page fault in crash_site_wx_site")
{
	crash_site_wx_site();
	ktest_fail(__FILE__, __LINE__, "kernel text was writable");
}

static const int crash_site_rodata = 42;

static __noinline void crash_site_rodata_site(void)
{
	*(volatile int *)&crash_site_rodata = 1;
}

KTEST_OPTS(paging, rodata_is_read_only,
	   .expect_report = "BUG: unable to handle page fault in crash_site_rodata_site")
{
	crash_site_rodata_site();
	ktest_fail(__FILE__, __LINE__, "rodata was writable");
}

static unsigned char crash_site_data_code[16] = { 0xc3 };	/* "ret", in .data */

KTEST_OPTS(paging, data_is_not_executable,
	   .expect_report = "BUG: unable to handle page fault in "
			    "ktest_paging_data_is_not_executable")
{
	/*
	 * The fetch faults at the data address itself, which names no
	 * function; the report is titled by the function that made the call.
	 */
	((void (*)(void))crash_site_data_code)();
	ktest_fail(__FILE__, __LINE__, "code in .data ran");
}

/*
 * Every address space copies the kernel's upper-half PML4 entries once, so
 * none may be added after boot: a mapping that would need one is refused.
 */
KTEST_OPTS(paging, kernel_pml4_is_fixed_after_boot, .expect_report = "WARNING in walk")
{
	EXPECT_EQ(map_page(0xffffa00000000000UL, 0, PTE_NX), -1);
	EXPECT_EQ(lookup_pte(0xffffa00000000000UL), 0);
}
