/*
 * Self-tests for the string and memory functions (lib/string.c).
 *
 * The copy and fill tests run over every small length and misalignment
 * and check the bytes on both sides of the destination, since an
 * off-by-one there corrupts a neighbour silently.  Comparisons are checked
 * with bytes >= 0x80, which must sort as unsigned char.
 */
#include <stdbool.h>
#include "string.h"
#include "ktest.h"

#define CANARY	0x5a

static void fill_pattern(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + 1);
}

static bool all_bytes(const unsigned char *p, unsigned char c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return false;
	return true;
}

KTEST(string, memcpy_lengths_and_alignments)
{
	unsigned char src[48], dst[48];

	fill_pattern(src, sizeof(src));
	for (size_t off = 0; off < 8; off++) {
		for (size_t n = 0; n <= 32; n++) {
			memset(dst, CANARY, sizeof(dst));
			EXPECT_TRUE(memcpy(dst + off, src + 8 - off, n) == dst + off);
			EXPECT_EQ(memcmp(dst + off, src + 8 - off, n), 0);
			if (off)
				EXPECT_EQ(dst[off - 1], CANARY);
			EXPECT_EQ(dst[off + n], CANARY);
		}
	}
}

KTEST(string, memset_lengths_and_alignments)
{
	unsigned char b[48];

	for (size_t off = 0; off < 8; off++) {
		for (size_t n = 0; n <= 32; n++) {
			memset(b, CANARY, sizeof(b));
			EXPECT_TRUE(memset(b + off, 0x1a5, n) == b + off);	/* stores (unsigned char)c */
			EXPECT_TRUE(all_bytes(b + off, 0xa5, n));
			if (off)
				EXPECT_EQ(b[off - 1], CANARY);
			EXPECT_EQ(b[off + n], CANARY);
		}
	}
}

KTEST(string, memmove_overlap_forward)
{
	char b[16] = "abcdefghij";

	/* Destination after source: a naive forward copy would smear "ab". */
	EXPECT_TRUE(memmove(b + 2, b, 8) == b + 2);
	EXPECT_EQ(memcmp(b, "ababcdefgh", 10), 0);
}

KTEST(string, memmove_overlap_backward)
{
	char b[16] = "abcdefghij";

	EXPECT_TRUE(memmove(b, b + 2, 8) == b);
	EXPECT_EQ(memcmp(b, "cdefghijij", 10), 0);
}

KTEST(string, memmove_every_shift)
{
	unsigned char b[40], want[40];

	for (int shift = -8; shift <= 8; shift++) {
		fill_pattern(b, sizeof(b));
		fill_pattern(want, sizeof(want));
		/* Move [12, 28) by shift; compute the result from an untouched copy. */
		for (int i = 0; i < 16; i++)
			want[12 + shift + i] = b[12 + i];
		memmove(b + 12 + shift, b + 12, 16);
		EXPECT_EQ(memcmp(b, want, sizeof(b)), 0);
	}
}

KTEST(string, memmove_zero_length)
{
	char b[4] = "abc";

	EXPECT_TRUE(memmove(b + 1, b, 0) == b + 1);
	EXPECT_STREQ(b, "abc");
}

KTEST(string, memcmp_is_unsigned)
{
	EXPECT_EQ(memcmp("abc", "abd", 2), 0);
	EXPECT_TRUE(memcmp("abc", "abd", 3) < 0);
	EXPECT_TRUE(memcmp("\x80", "\x01", 1) > 0);
	EXPECT_TRUE(memcmp("\x01", "\xff", 1) < 0);
	EXPECT_EQ(memcmp("x", "y", 0), 0);
	/* Bytes after a NUL still count: memcmp is not strcmp. */
	EXPECT_TRUE(memcmp("a\0b", "a\0c", 3) < 0);
}

KTEST(string, memchr)
{
	const char s[] = "ab\0cb\xf0";

	EXPECT_TRUE(memchr(s, 'b', 6) == s + 1);
	EXPECT_TRUE(memchr(s, 'c', 6) == s + 3);	/* past the NUL */
	EXPECT_TRUE(memchr(s, '\0', 6) == s + 2);
	EXPECT_TRUE(memchr(s, 0xf0, 6) == s + 5);
	EXPECT_TRUE(memchr(s, -16, 6) == s + 5);	/* c is taken as unsigned char */
	EXPECT_TRUE(memchr(s, 'c', 3) == NULL);
	EXPECT_TRUE(memchr(s, 'a', 0) == NULL);
}

KTEST(string, strlen_strnlen)
{
	const char unterminated[4] = { 'w', 'x', 'y', 'z' };

	EXPECT_EQ(strlen(""), 0);
	EXPECT_EQ(strlen("hello"), 5);
	EXPECT_EQ(strnlen("hello", 3), 3);
	EXPECT_EQ(strnlen("hello", 9), 5);
	EXPECT_EQ(strnlen("hello", 0), 0);
	EXPECT_EQ(strnlen(unterminated, 4), 4);	/* must not read past 4 */
}

KTEST(string, strcmp_order)
{
	EXPECT_EQ(strcmp("", ""), 0);
	EXPECT_EQ(strcmp("abc", "abc"), 0);
	EXPECT_TRUE(strcmp("abc", "abd") < 0);
	EXPECT_TRUE(strcmp("abd", "abc") > 0);
	EXPECT_TRUE(strcmp("ab", "abc") < 0);	/* prefix sorts first */
	EXPECT_TRUE(strcmp("abc", "ab") > 0);
	EXPECT_TRUE(strcmp("\xe9", "z") > 0);	/* unsigned */
}

KTEST(string, strncmp_bounds)
{
	const char a[3] = { 'a', 'b', 'c' };	/* unterminated */

	EXPECT_EQ(strncmp("abcX", "abcY", 3), 0);
	EXPECT_TRUE(strncmp("abcX", "abcY", 4) < 0);
	EXPECT_EQ(strncmp("x", "y", 0), 0);
	EXPECT_EQ(strncmp(a, "abcdef", 3), 0);	/* must not read past 3 */
	EXPECT_EQ(strncmp("ab", "ab", 100), 0);	/* stops at the NUL */
	EXPECT_TRUE(strncmp("ab", "abc", 100) < 0);
	EXPECT_TRUE(strncmp("\x80", "\x7f", 1) > 0);
}

KTEST(string, strchr_strrchr)
{
	const char *s = "a/b/c";

	EXPECT_TRUE(strchr(s, '/') == s + 1);
	EXPECT_TRUE(strrchr(s, '/') == s + 3);
	EXPECT_TRUE(strchr(s, 'a') == s);
	EXPECT_TRUE(strrchr(s, 'a') == s);
	EXPECT_TRUE(strchr(s, 'x') == NULL);
	EXPECT_TRUE(strrchr(s, 'x') == NULL);
	/* The terminator is part of the string. */
	EXPECT_TRUE(strchr(s, '\0') == s + 5);
	EXPECT_TRUE(strrchr(s, '\0') == s + 5);
	EXPECT_TRUE(strchr("", 'a') == NULL);
}

KTEST(string, strlcpy_fits)
{
	char b[8];

	memset(b, CANARY, sizeof(b));
	EXPECT_EQ(strlcpy(b, "abc", sizeof(b)), 3);
	EXPECT_STREQ(b, "abc");
	EXPECT_EQ(b[4], CANARY);	/* copies the string, does not pad */
}

KTEST(string, strlcpy_truncates)
{
	char b[8];

	memset(b, CANARY, sizeof(b));
	EXPECT_EQ(strlcpy(b, "abcdefgh", 4), 8);	/* returns strlen(src) */
	EXPECT_STREQ(b, "abc");
	EXPECT_EQ(b[4], CANARY);
	EXPECT_EQ(strlcpy(b, "xy", 1), 2);
	EXPECT_STREQ(b, "");
	EXPECT_EQ(b[1], 'b');
}

KTEST(string, strlcpy_size_zero)
{
	char b[2] = { CANARY, CANARY };

	EXPECT_EQ(strlcpy(b, "hello", 0), 5);
	EXPECT_EQ(b[0], CANARY);
}

KTEST(string, strstr)
{
	const char *h = "aaab needle";

	EXPECT_TRUE(strstr(h, "needle") == h + 5);
	EXPECT_TRUE(strstr(h, "aab") == h + 1);	/* match after a false start */
	EXPECT_TRUE(strstr(h, "aaab needle") == h);
	EXPECT_TRUE(strstr(h, "needles") == NULL);	/* runs off the end */
	EXPECT_TRUE(strstr(h, "x") == NULL);
	EXPECT_TRUE(strstr(h, "") == h);
	EXPECT_TRUE(strstr("", "") != NULL);
	EXPECT_TRUE(strstr("", "a") == NULL);
}
