/*
 * Self-tests of printk.c (suite printk): the log buffer keeps every
 * message, printed or below the console's loglevel, and log_buf_count
 * counts a needle only in what came after the mark.
 */
#include "ktest.h"
#include "printk.h"

KTEST(printk, log_buf_counts_since_the_mark)
{
	unsigned long mark;

	pr_info("printk_test: before the mark\n");
	mark = log_buf_pos();
	EXPECT_EQ(log_buf_count(mark, "printk_test: before the mark"), 0);
	pr_info("printk_test: once\n");
	pr_debug("printk_test: quiet twice\n");
	pr_debug("printk_test: quiet twice\n");
	EXPECT_EQ(log_buf_count(mark, "printk_test: once\n"), 1);
	EXPECT_EQ(log_buf_count(mark, "printk_test: quiet twice"), 2);
	EXPECT_EQ(log_buf_count(mark, "printk_test: never"), 0);
	EXPECT_GE(log_buf_count(0, "printk_test: before the mark"), 1);
}
