/*
 * The C string and memory functions the kernel uses, with their standard C
 * meanings (plus BSD's strlcpy).  Comparisons treat bytes as unsigned char,
 * so a byte >= 0x80 sorts after ASCII, as C requires.
 *
 * memcpy, memmove, memset and memcmp are real functions even where nobody
 * calls them by name: GCC emits calls to them for struct copies and large
 * initialisers, freestanding or not.
 */
#ifndef STRING_H
#define STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
char *strstr(const char *haystack, const char *needle);

#endif
