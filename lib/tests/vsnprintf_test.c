/*
 * Self-tests for vsnprintf and friends (lib/vsnprintf.c).
 *
 * Every test compares against an exact string, so a formatting slip of one
 * character fails.  Formats that GCC's format checking warns about
 * (unknown conversions, flags that C says another flag overrides, NULL for
 * %s) go through fmt_unchecked, which has no format attribute; everything
 * else uses snprintf so that the checker vets the tests too.
 */
#include <stddef.h>
#include "printf.h"
#include "string.h"
#include "ktest.h"

#define T_INT_MIN	(-__INT_MAX__ - 1)
#define T_LLONG_MIN	(-__LONG_LONG_MAX__ - 1)
#define T_ULLONG_MAX	(2ULL * __LONG_LONG_MAX__ + 1)
#define CANARY		'\x5a'

static int fmt_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

KTEST(vsnprintf, truncation_every_size)
{
	const char *full = "id=42 ok";
	size_t len = strlen(full);

	for (size_t size = 0; size <= len + 2; size++) {
		char b[16];

		memset(b, CANARY, sizeof(b));
		EXPECT_EQ(snprintf(b, size, "id=%d %s", 42, "ok"), len);
		EXPECT_EQ(b[size], CANARY);	/* nothing written past size */
		if (size == 0)
			continue;
		size_t kept = size - 1 < len ? size - 1 : len;
		EXPECT_EQ(memcmp(b, full, kept), 0);
		EXPECT_EQ(b[kept], '\0');
	}
}

KTEST(vsnprintf, size_zero_null_buffer)
{
	EXPECT_EQ(snprintf(NULL, 0, "%d-%s", 12345, "abc"), 9);
}

KTEST(vsnprintf, scnprintf_counts_stored)
{
	char b[8];

	memset(b, CANARY, sizeof(b));
	EXPECT_EQ(scnprintf(b, 0, "hello"), 0);
	EXPECT_EQ(b[0], CANARY);
	EXPECT_EQ(scnprintf(b, 1, "hello"), 0);
	EXPECT_EQ(b[0], '\0');
	EXPECT_EQ(scnprintf(b, 4, "hello"), 3);
	EXPECT_STREQ(b, "hel");
	EXPECT_EQ(scnprintf(b, 8, "hello"), 5);
	EXPECT_STREQ(b, "hello");
}

KTEST(vsnprintf, scnprintf_appends)
{
	char b[10];
	int len = 0;

	for (int i = 0; i < 5; i++)
		len += scnprintf(b + len, sizeof(b) - len, "%02x ", i);
	EXPECT_EQ(len, 9);
	EXPECT_STREQ(b, "00 01 02 ");
}

KTEST(vsnprintf, signed_decimal)
{
	char b[32];

	snprintf(b, sizeof(b), "%d %i %d", 0, 123, -7);
	EXPECT_STREQ(b, "0 123 -7");
	snprintf(b, sizeof(b), "%d", T_INT_MIN);
	EXPECT_STREQ(b, "-2147483648");
	snprintf(b, sizeof(b), "%d", __INT_MAX__);
	EXPECT_STREQ(b, "2147483647");
	snprintf(b, sizeof(b), "%lld", T_LLONG_MIN);
	EXPECT_STREQ(b, "-9223372036854775808");
	snprintf(b, sizeof(b), "%ld", -1L);
	EXPECT_STREQ(b, "-1");
}

KTEST(vsnprintf, unsigned_max)
{
	char b[32];

	snprintf(b, sizeof(b), "%llu", T_ULLONG_MAX);
	EXPECT_STREQ(b, "18446744073709551615");
	snprintf(b, sizeof(b), "%llx", T_ULLONG_MAX);
	EXPECT_STREQ(b, "ffffffffffffffff");
	snprintf(b, sizeof(b), "%llo", T_ULLONG_MAX);
	EXPECT_STREQ(b, "1777777777777777777777");
	snprintf(b, sizeof(b), "%u", -1);
	EXPECT_STREQ(b, "4294967295");
}

KTEST(vsnprintf, hex_and_octal)
{
	char b[32];

	snprintf(b, sizeof(b), "%x %X %o", 0xbeef, 0xbeef, 8);
	EXPECT_STREQ(b, "beef BEEF 10");
	snprintf(b, sizeof(b), "%#x %#X %#o", 255, 255, 8);
	EXPECT_STREQ(b, "0xff 0XFF 010");
	snprintf(b, sizeof(b), "%#x|%#o|%#.0o", 0, 0, 0);
	EXPECT_STREQ(b, "0|0|0");
	snprintf(b, sizeof(b), "%#08x", 0x1f);
	EXPECT_STREQ(b, "0x00001f");
}

KTEST(vsnprintf, zero_pad_negative)
{
	char b[16];

	snprintf(b, sizeof(b), "%05d", -42);
	EXPECT_STREQ(b, "-0042");
	snprintf(b, sizeof(b), "%05d", 42);
	EXPECT_STREQ(b, "00042");
	snprintf(b, sizeof(b), "%5d", -42);
	EXPECT_STREQ(b, "  -42");
}

KTEST(vsnprintf, width_smaller_than_value)
{
	char b[16];

	snprintf(b, sizeof(b), "%2d|%1s|%03x", 12345, "abc", 0x12345);
	EXPECT_STREQ(b, "12345|abc|12345");
}

KTEST(vsnprintf, left_justify)
{
	char b[32];

	snprintf(b, sizeof(b), "[%-6d][%-4s][%-3c]", -42, "ab", 'z');
	EXPECT_STREQ(b, "[-42   ][ab  ][z  ]");
	fmt_unchecked(b, sizeof(b), "[%-05d]", 7);	/* '-' beats '0' */
	EXPECT_STREQ(b, "[7    ]");
}

KTEST(vsnprintf, sign_flags)
{
	char b[32];

	snprintf(b, sizeof(b), "%+d %+d %+d", 5, -5, 0);
	EXPECT_STREQ(b, "+5 -5 +0");
	snprintf(b, sizeof(b), "% d % d", 5, -5);
	EXPECT_STREQ(b, " 5 -5");
	fmt_unchecked(b, sizeof(b), "%+ d", 5);	/* '+' beats ' ' */
	EXPECT_STREQ(b, "+5");
	snprintf(b, sizeof(b), "%+05d", 5);
	EXPECT_STREQ(b, "+0005");
}

KTEST(vsnprintf, integer_precision)
{
	char b[32];

	snprintf(b, sizeof(b), "%.5d|%.3d|%.0d|", 42, -7, 0);
	EXPECT_STREQ(b, "00042|-007||");
	fmt_unchecked(b, sizeof(b), "%08.3d", 42);	/* precision disables '0' */
	EXPECT_STREQ(b, "     042");
	snprintf(b, sizeof(b), "%.4x", 0xa);
	EXPECT_STREQ(b, "000a");
}

KTEST(vsnprintf, length_modifiers)
{
	char b[48];

	snprintf(b, sizeof(b), "%hhx %hhd %hhu", 0x1ff, 200, 0x101);
	EXPECT_STREQ(b, "ff -56 1");
	snprintf(b, sizeof(b), "%hd %hx", 0x18000, 0x12345);
	EXPECT_STREQ(b, "-32768 2345");
	snprintf(b, sizeof(b), "%zu %zx", (size_t)-1, (size_t)0x1000);
	EXPECT_STREQ(b, "18446744073709551615 1000");
	snprintf(b, sizeof(b), "%td %lx", (ptrdiff_t)-3, 0xfedcba9876543210UL);
	EXPECT_STREQ(b, "-3 fedcba9876543210");
}

KTEST(vsnprintf, star_width_and_precision)
{
	char b[32];

	snprintf(b, sizeof(b), "[%*d]", 5, 42);
	EXPECT_STREQ(b, "[   42]");
	snprintf(b, sizeof(b), "[%*d]", -5, 42);	/* negative width: left-justify */
	EXPECT_STREQ(b, "[42   ]");
	snprintf(b, sizeof(b), "[%.*s]", 2, "abcdef");
	EXPECT_STREQ(b, "[ab]");
	snprintf(b, sizeof(b), "[%.*d]", -1, 0);	/* negative precision: none */
	EXPECT_STREQ(b, "[0]");
	snprintf(b, sizeof(b), "[%*.*x]", 6, 3, 0xa);
	EXPECT_STREQ(b, "[   00a]");
}

KTEST(vsnprintf, strings)
{
	char b[32];
	const char unterminated[3] = { 'x', 'y', 'z' };

	snprintf(b, sizeof(b), "[%s][%5s][%.3s]", "hi", "hi", "abcdef");
	EXPECT_STREQ(b, "[hi][   hi][abc]");
	snprintf(b, sizeof(b), "[%.3s]", unterminated);	/* must not read past 3 */
	EXPECT_STREQ(b, "[xyz]");
	snprintf(b, sizeof(b), "[%s]", "");
	EXPECT_STREQ(b, "[]");
}

KTEST(vsnprintf, null_string)
{
	char b[16];

	fmt_unchecked(b, sizeof(b), "%s", (const char *)NULL);
	EXPECT_STREQ(b, "(null)");
}

KTEST(vsnprintf, chars_and_percent)
{
	char b[16];

	snprintf(b, sizeof(b), "%c%c|%3c|%%|100%%", 'o', 'k', 'x');
	EXPECT_STREQ(b, "ok|  x|%|100%");
}

KTEST(vsnprintf, pointer_raw)
{
	char b[32];

	snprintf(b, sizeof(b), "%p", NULL);
	EXPECT_STREQ(b, "0000000000000000");
	snprintf(b, sizeof(b), "%p", (void *)0xffffffff80001000UL);
	EXPECT_STREQ(b, "ffffffff80001000");
	snprintf(b, sizeof(b), "[%-18p]", (void *)0x1234);
	EXPECT_STREQ(b, "[0000000000001234  ]");
}

KTEST(vsnprintf, pointer_other_letter_is_text)
{
	char b[32];

	snprintf(b, sizeof(b), "%px", (void *)0xab);
	EXPECT_STREQ(b, "00000000000000abx");
}

KTEST(vsnprintf, symbol_with_offset)
{
	char b[128];
	const char *want = "vsnprintf+0x0/0x";

	snprintf(b, sizeof(b), "%pS", (void *)vsnprintf);
	EXPECT_EQ(strncmp(b, want, strlen(want)), 0);
	EXPECT_TRUE(strlen(b) > strlen(want));	/* and a size follows */
}

KTEST(vsnprintf, symbol_name_only)
{
	char b[64];

	snprintf(b, sizeof(b), "[%ps]", (void *)vsnprintf);
	EXPECT_STREQ(b, "[vsnprintf]");
}

KTEST(vsnprintf, symbol_truncated_reports_full_length)
{
	char b[4];

	EXPECT_EQ(snprintf(b, sizeof(b), "%ps", (void *)vsnprintf), 9);
	EXPECT_STREQ(b, "vsn");
}

KTEST(vsnprintf, unknown_conversion_is_text)
{
	char b[32];

	fmt_unchecked(b, sizeof(b), "%q");
	EXPECT_STREQ(b, "%q");
	/* No argument is taken for it, not even for its '*'. */
	fmt_unchecked(b, sizeof(b), "%-5q|%*k|%d", 7);
	EXPECT_STREQ(b, "%-5q|%*k|7");
	fmt_unchecked(b, sizeof(b), "%lc|%5%|%d", 8);
	EXPECT_STREQ(b, "%lc|%5%|8");
}

KTEST(vsnprintf, format_ends_inside_conversion)
{
	char b[16];

	EXPECT_EQ(fmt_unchecked(b, sizeof(b), "abc%"), 4);
	EXPECT_STREQ(b, "abc%");
	fmt_unchecked(b, sizeof(b), "x%-08l");
	EXPECT_STREQ(b, "x%-08l");
}
