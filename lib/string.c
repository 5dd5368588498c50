/*
 * String and memory functions (see include/string.h).
 *
 * The copy and fill functions use x86's string instructions, which keeps
 * GCC from compiling them into themselves: at -O2 GCC recognises a
 * byte-copy loop and replaces it with a call to memcpy, which inside
 * memcpy would recurse forever.  memcpy and memset move 8 bytes per step
 * (rep movsq / rep stosq) and only the tail byte by byte: real CPUs with
 * "enhanced rep movsb" do as well with bytes, but QEMU's TCG emulates a
 * rep instruction one step at a time, and there 8 times fewer steps made
 * an io_uring NOP 1.7 times faster (make bench, uring.nop_batch32).
 *
 * memmove copies backwards with the direction flag set for the one case
 * where a forward copy would overwrite source bytes not yet read (the
 * destination starts inside the source).  It clears the flag again before
 * returning, as the ABI requires; an interrupt in between is harmless
 * because the entry code clears it and iret restores it.
 *
 * Everything else is a plain loop: clear beats fast for the rest.
 */
#include <stdint.h>
#include "string.h"

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	void *ret = dst;
	size_t words = n / 8, bytes = n % 8;

	asm volatile("rep movsq\n\tmov %3, %%rcx\n\trep movsb"
		     : "+D"(dst), "+S"(src), "+c"(words)
		     : "r"(bytes)
		     : "memory");
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Unsigned subtraction: true iff d lies in [s, s + n). */
	if ((uintptr_t)d - (uintptr_t)s >= n) {
		asm volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	} else {
		d += n - 1;
		s += n - 1;
		asm volatile("std\n\trep movsb\n\tcld"
			     : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	}
	return dst;
}

void *memset(void *s, int c, size_t n)
{
	void *ret = s;

	size_t words = n / 8, bytes = n % 8;
	uint64_t pattern = (uint8_t)c * 0x0101010101010101ULL;

	asm volatile("rep stosq\n\tmov %2, %%rcx\n\trep stosb"
		     : "+D"(s), "+c"(words)
		     : "r"(bytes), "a"(pattern)
		     : "memory");
	return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	/* Test the bound first: s need not be terminated within maxlen. */
	while (n < maxlen && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
		if (!*p)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	/* The terminator counts as part of the string: strchr(s, 0) finds it. */
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	/* Try the terminator's position too, where only "" can match. */
	for (;; haystack++) {
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
		if (!*haystack)
			return NULL;
	}
}
