/*
 * Self-tests of command-line parsing, including every kind of bad input.
 */
#include "ktest.h"
#include "cmdline.h"
#include "glob.h"

KTEST(cmdline, defaults)
{
	struct boot_options o;

	boot_options_default(&o);
	EXPECT_EQ(cmdline_parse("", &o), 0);
	EXPECT_FALSE(o.panic_on_warn);
	EXPECT_STREQ(o.ktest_filter, "*");
	EXPECT_EQ(o.ktest_repeat, 1);
	EXPECT_EQ(o.loglevel, 7);
}

KTEST(cmdline, all_options)
{
	struct boot_options o;

	boot_options_default(&o);
	EXPECT_EQ(cmdline_parse("  panic_on_warn ktest.filter=rcu.* ktest.repeat=5  loglevel=3 ", &o), 0);
	EXPECT_TRUE(o.panic_on_warn);
	EXPECT_STREQ(o.ktest_filter, "rcu.*");
	EXPECT_EQ(o.ktest_repeat, 5);
	EXPECT_EQ(o.loglevel, 3);
	EXPECT_EQ(cmdline_parse("panic_on_warn=0", &o), 0);
	EXPECT_FALSE(o.panic_on_warn);
	EXPECT_EQ(cmdline_parse("percpu_ref.confirm_delay_us=2500", &o), 0);
	EXPECT_EQ(o.percpu_ref_confirm_delay_us, 2500);
	EXPECT_EQ(cmdline_parse("percpu_ref.confirm_delay_us=1000001", &o), 1);
	EXPECT_EQ(o.percpu_ref_confirm_delay_us, 2500);
	EXPECT_EQ(cmdline_parse("failslab=10,50,-1 fail_percpu=1,100,3 fault_inject.site=io_*", &o),
		  0);
	EXPECT_EQ(o.failslab.interval, 10);
	EXPECT_EQ(o.failslab.probability, 50);
	EXPECT_EQ(o.failslab.times, -1);
	EXPECT_EQ(o.fail_percpu.times, 3);
	EXPECT_EQ(o.fail_page_alloc.probability, 0);	/* untouched: off */
	EXPECT_STREQ(o.fault_site, "io_*");
	EXPECT_EQ(cmdline_parse("fail_page_alloc=1,200,1 failslab", &o), 2);
}

KTEST(cmdline, malformed_values_rejected)
{
	struct boot_options o;

	boot_options_default(&o);
	EXPECT_EQ(cmdline_parse("ktest.repeat=abc", &o), 1);
	EXPECT_EQ(cmdline_parse("ktest.repeat=0", &o), 1);
	EXPECT_EQ(cmdline_parse("ktest.repeat=99999999999999999999999", &o), 1);
	EXPECT_EQ(cmdline_parse("ktest.repeat=", &o), 1);
	EXPECT_EQ(cmdline_parse("ktest.repeat", &o), 1);
	EXPECT_EQ(cmdline_parse("loglevel=9", &o), 1);
	EXPECT_EQ(cmdline_parse("loglevel=-1", &o), 1);
	EXPECT_EQ(cmdline_parse("panic_on_warn=yes", &o), 1);
	EXPECT_EQ(cmdline_parse("ktest.filter=", &o), 1);
	/* Rejected values leave the defaults in place. */
	EXPECT_EQ(o.ktest_repeat, 1);
	EXPECT_EQ(o.loglevel, 7);
	EXPECT_FALSE(o.panic_on_warn);
	EXPECT_STREQ(o.ktest_filter, "*");
}

KTEST(cmdline, unknown_reported_rest_applied)
{
	struct boot_options o;

	boot_options_default(&o);
	EXPECT_EQ(cmdline_parse("bogus ktest.repeat=2 also=bogus", &o), 2);
	EXPECT_EQ(o.ktest_repeat, 2);
}

KTEST(cmdline, glob_matching)
{
	EXPECT_TRUE(glob_match("*", "rcu.barrier"));
	EXPECT_TRUE(glob_match("rcu.*", "rcu.barrier"));
	EXPECT_TRUE(glob_match("*.barrier", "rcu.barrier"));
	EXPECT_TRUE(glob_match("r?u.*r", "rcu.barrier"));
	EXPECT_TRUE(glob_match("*a*a*", "banana"));
	EXPECT_FALSE(glob_match("rcu.*", "percpu_ref.kill"));
	EXPECT_FALSE(glob_match("rcu", "rcu.barrier"));
	EXPECT_FALSE(glob_match("*x", "banana"));
	EXPECT_TRUE(glob_match("", ""));
}

KTEST(cmdline, init_and_its_arguments)
{
	struct boot_options o;
	const char *argv[INIT_ARGV_MAX];
	char buf[64];

	boot_options_default(&o);
	EXPECT_TRUE(o.run_ktests);
	EXPECT_STREQ(o.init, "/init");
	EXPECT_NULL(o.init_args);
	EXPECT_EQ(init_argv(&o, buf, sizeof(buf), argv), 1);
	EXPECT_STREQ(argv[0], "/init");
	EXPECT_NULL(argv[1]);
	/* After a standalone "--" nothing is an option, not even "ktest=1". */
	EXPECT_EQ(cmdline_parse("ktest=0 init=/bin/sh loglevel=3 --  -c  ktest=1 x--y", &o), 0);
	EXPECT_FALSE(o.run_ktests);
	EXPECT_STREQ(o.init, "/bin/sh");
	EXPECT_EQ(o.loglevel, 3);
	EXPECT_EQ(init_argv(&o, buf, sizeof(buf), argv), 4);
	EXPECT_STREQ(argv[0], "/bin/sh");
	EXPECT_STREQ(argv[1], "-c");
	EXPECT_STREQ(argv[2], "ktest=1");
	EXPECT_STREQ(argv[3], "x--y");
	EXPECT_NULL(argv[4]);
	EXPECT_EQ(init_argv(&o, buf, 8, argv), -1);	/* the words do not fit */
	/* "init=" runs no program; "init" alone and "ktest=2" are mistakes. */
	EXPECT_EQ(cmdline_parse("init= a--", &o), 1);
	EXPECT_STREQ(o.init, "");
	EXPECT_EQ(cmdline_parse("init ktest=2 ktest", &o), 3);
	EXPECT_STREQ(o.init, "");
	EXPECT_FALSE(o.run_ktests);
}

KTEST(cmdline, syscall_stats_off_by_default_and_glob)
{
	struct boot_options o;

	boot_options_default(&o);
	EXPECT_STREQ(o.syscall_stats, "");
	EXPECT_EQ(cmdline_parse("syscall_stats", &o), 0);
	EXPECT_STREQ(o.syscall_stats, "*");
	EXPECT_EQ(cmdline_parse("syscall_stats=uc*", &o), 0);
	EXPECT_STREQ(o.syscall_stats, "uc*");
	EXPECT_EQ(cmdline_parse("syscall_stats=", &o), 1);
	EXPECT_STREQ(o.syscall_stats, "uc*");
}
