/*
 * Self-tests of lib/glob.c: single globs, and filters (comma-separated
 * globs, "-GLOB" excludes) as ktest.filter= uses them.  The matcher is a
 * pure function, so each case is a literal pattern against a literal name.
 */
#include "ktest.h"
#include "glob.h"

KTEST(glob, single_glob)
{
	EXPECT_TRUE(glob_match("*", "rcu.barrier"));
	EXPECT_TRUE(glob_match("rcu.*", "rcu.barrier"));
	EXPECT_TRUE(glob_match("*.barrier", "rcu.barrier"));
	EXPECT_TRUE(glob_match("r?u.*r", "rcu.barrier"));
	EXPECT_TRUE(glob_match("*a*a*", "banana"));
	EXPECT_FALSE(glob_match("rcu.*", "percpu_ref.kill"));
	EXPECT_FALSE(glob_match("rcu", "rcu.barrier"));
	EXPECT_FALSE(glob_match("rcu.barrier", "rcu"));
	EXPECT_FALSE(glob_match("*x", "banana"));
	EXPECT_FALSE(glob_match("?", ""));
	EXPECT_TRUE(glob_match("", ""));
	EXPECT_TRUE(glob_match("**", ""));
}

KTEST(glob, filter_of_one_glob_is_that_glob)
{
	EXPECT_TRUE(glob_filter_match("*", "rcu.barrier"));
	EXPECT_TRUE(glob_filter_match("rcu.*", "rcu.barrier"));
	EXPECT_FALSE(glob_filter_match("rcu.*", "percpu_ref.kill"));
	/* A ',' ends the glob: "rcu" alone is no prefix match. */
	EXPECT_FALSE(glob_filter_match("rcu,x", "rcu.barrier"));
}

KTEST(glob, filter_includes_any_of_its_globs)
{
	const char *f = "rcu.*,percpu_ref.seed*";

	EXPECT_TRUE(glob_filter_match(f, "rcu.barrier"));
	EXPECT_TRUE(glob_filter_match(f, "percpu_ref.seed_teardown"));
	EXPECT_FALSE(glob_filter_match(f, "percpu_ref.kill"));
	EXPECT_FALSE(glob_filter_match(f, "slab.basic"));
	/* A glob's end is its comma, also in the middle of a '*' backtrack. */
	EXPECT_TRUE(glob_filter_match("a*c,x", "abc"));
	EXPECT_FALSE(glob_filter_match("a*c,x", "abcx"));
	EXPECT_TRUE(glob_filter_match("q,a*c", "abc"));
}

KTEST(glob, filter_excludes_win)
{
	EXPECT_FALSE(glob_filter_match("*,-rcu.*", "rcu.barrier"));
	EXPECT_TRUE(glob_filter_match("*,-rcu.*", "slab.basic"));
	/* With no include glob, everything not excluded is in. */
	EXPECT_FALSE(glob_filter_match("-rcu.*", "rcu.barrier"));
	EXPECT_TRUE(glob_filter_match("-rcu.*", "slab.basic"));
	/* An exclusion wins whatever the order. */
	EXPECT_FALSE(glob_filter_match("-rcu.slow,rcu.*", "rcu.slow"));
	EXPECT_FALSE(glob_filter_match("rcu.*,-rcu.slow", "rcu.slow"));
	EXPECT_TRUE(glob_filter_match("rcu.*,-rcu.slow", "rcu.barrier"));
	/* Several exclusions; and an exclusion of what was never included. */
	EXPECT_FALSE(glob_filter_match("rcu.*,-*.slow,-*barrier", "rcu.barrier"));
	EXPECT_TRUE(glob_filter_match("rcu.*,-*.slow,-*barrier", "rcu.sync"));
	EXPECT_FALSE(glob_filter_match("rcu.*,-slab.*", "slab.basic"));
	/* '-' is special only at a glob's start. */
	EXPECT_TRUE(glob_filter_match("a-b", "a-b"));
}

KTEST(glob, filter_errors_named)
{
	EXPECT_NULL(glob_filter_error("*"));
	EXPECT_NULL(glob_filter_error("rcu.*,-rcu.slow,percpu_ref.seed*"));
	EXPECT_NULL(glob_filter_error("-rcu.*"));
	EXPECT_NOT_NULL(glob_filter_error(""));
	EXPECT_NOT_NULL(glob_filter_error("rcu.*,"));
	EXPECT_NOT_NULL(glob_filter_error(",rcu.*"));
	EXPECT_NOT_NULL(glob_filter_error("rcu.*,,slab.*"));
	EXPECT_NOT_NULL(glob_filter_error("rcu.*,-"));
	EXPECT_NOT_NULL(glob_filter_error("-"));
}
