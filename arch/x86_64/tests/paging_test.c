/*
 * Self-tests of paging.c's protections (suite paging): kernel text and
 * rodata are read-only and data is not executable (W^X), so each write or
 * fetch here must fault and be reported, titled by the function that did
 * it.  Each test expects the exact title (ktest fails it if the report is
 * missing or titled differently).
 */
#include "ktest.h"

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
