/*
 * Self-tests of command-line parsing, including every kind of bad input.
 */
#include "ktest.h"
#include "cmdline.h"
#include "string.h"

KTEST(cmdline, defaults)
{
	struct boot_options o;

	boot_options_default(&o);
	EXPECT_EQ(cmdline_parse("", &o), 0);
	EXPECT_FALSE(o.panic_on_warn);
	EXPECT_STREQ(o.ktest_filter, "*");
	EXPECT_EQ(o.ktest_repeat, 1);
	EXPECT_EQ(o.ktest_timeout, 0);
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
	EXPECT_EQ(cmdline_parse("ktest.timeout=30", &o), 0);
	EXPECT_EQ(o.ktest_timeout, 30);
	EXPECT_EQ(cmdline_parse("ktest.timeout=86401 ktest.timeout=", &o), 2);
	EXPECT_EQ(o.ktest_timeout, 30);
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
	/* Rejected values leave the defaults in place (ktest.filter: see below). */
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

/*
 * ktest.filter takes several globs, up to 255 characters; a bad or too long
 * one empties the filter, which runs no test and fails the boot, instead of
 * falling back to every test.
 */
KTEST(cmdline, ktest_filter_lists_and_limits)
{
	struct boot_options o;
	char line[320], *p;

	boot_options_default(&o);
	EXPECT_EQ(cmdline_parse("ktest.filter=rcu.*,-rcu.slow,percpu_ref.seed*", &o), 0);
	EXPECT_STREQ(o.ktest_filter, "rcu.*,-rcu.slow,percpu_ref.seed*");
	EXPECT_EQ(cmdline_parse("ktest.filter=rcu.*,,slab.*", &o), 1);
	EXPECT_STREQ(o.ktest_filter, "");
	EXPECT_EQ(cmdline_parse("ktest.filter=*,-", &o), 1);
	EXPECT_STREQ(o.ktest_filter, "");
	EXPECT_EQ(cmdline_parse("ktest.filter=* ktest.filter=", &o), 1);
	EXPECT_STREQ(o.ktest_filter, "");

	/* 255 characters fit; 256 are reported, not cut short. */
	p = line + strlcpy(line, "ktest.filter=", sizeof(line));
	memset(p, 'a', 254);
	p[254] = '*';
	p[255] = '\0';
	EXPECT_EQ(cmdline_parse(line, &o), 0);
	EXPECT_EQ(strlen(o.ktest_filter), 255);
	EXPECT_EQ(o.ktest_filter[254], '*');
	p[255] = '*';
	p[256] = '\0';
	EXPECT_EQ(cmdline_parse(line, &o), 1);
	EXPECT_STREQ(o.ktest_filter, "");
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
