/*
 * Shell-style glob matching for ktest.filter: '*' matches any run of
 * characters (including none), '?' any single character.  Iterative with
 * one backtrack point: on a mismatch, retry from just after the last '*'
 * with one more character swallowed, which is enough for '*' patterns and
 * never recurses.
 *
 * A filter is a comma-separated list of such globs; one that starts with
 * '-' excludes.  The globs are matched where they lie in the filter (a
 * pattern is a [start, end) range), so selecting a test copies nothing and
 * the filter's length is bounded only by the command line.
 */
#include <stddef.h>
#include "glob.h"
#include "string.h"

/* True if the pattern [p, end) matches all of s. */
static bool match_range(const char *p, const char *end, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (p < end && *p == '*') {
			star = ++p;
			resume = s;
		} else if (p < end && (*p == '?' || *p == *s)) {
			p++;
			s++;
		} else if (star) {
			p = star;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (p < end && *p == '*')
		p++;
	return p == end;
}

bool glob_match(const char *p, const char *s)
{
	return match_range(p, p + strlen(p), s);
}

/* The end of the glob that starts at p: the next ',' or the NUL. */
static const char *glob_end(const char *p)
{
	const char *comma = strchr(p, ',');

	return comma ? comma : p + strlen(p);
}

bool glob_filter_match(const char *filter, const char *s)
{
	bool any_include = false, included = false;

	for (const char *p = filter, *end;; p = end + 1) {
		end = glob_end(p);
		if (*p == '-') {
			if (match_range(p + 1, end, s))
				return false;	/* an exclusion always wins */
		} else {
			any_include = true;
			included = included || match_range(p, end, s);
		}
		if (!*end)
			break;
	}
	return included || !any_include;
}

const char *glob_filter_error(const char *filter)
{
	for (const char *p = filter, *end;; p = end + 1) {
		end = glob_end(p);
		if (end == p)
			return "empty glob (two commas in a row, or a comma at either end)";
		if (*p == '-' && end == p + 1)
			return "'-' needs a glob after it";
		if (!*end)
			return NULL;
	}
}
