#ifndef GLOB_H
#define GLOB_H
#include <stdbool.h>
/* True if pattern ('*' any run, '?' any one character) matches all of s. */
bool glob_match(const char *pattern, const char *s);
#endif
