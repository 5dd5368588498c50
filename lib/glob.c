/*
 * Shell-style glob matching for ktest.filter: '*' matches any run of
 * characters (including none), '?' any single character.  Iterative with
 * one backtrack point: on a mismatch, retry from just after the last '*'
 * with one more character swallowed, which is enough for '*' patterns and
 * never recurses.
 */
#include <stddef.h>
#include "glob.h"

bool glob_match(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*p == '*') {
			star = ++p;
			resume = s;
		} else if (*p == '?' || *p == *s) {
			p++;
			s++;
		} else if (star) {
			p = star;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}
