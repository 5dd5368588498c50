#ifndef GLOB_H
#define GLOB_H
#include <stdbool.h>
/* True if pattern ('*' any run, '?' any one character) matches all of s. */
bool glob_match(const char *pattern, const char *s);

/*
 * A filter (ktest.filter=) is comma-separated globs; "-GLOB" excludes.
 * True if s matches no exclude glob and either matches an include glob or
 * the filter has none ("*,-rcu.*" and "-rcu.*" both select all but rcu).
 * Pure: reads only its arguments; any context.
 */
bool glob_filter_match(const char *filter, const char *s);

/*
 * NULL if filter is well formed, otherwise what is wrong with it (an
 * empty glob: "a,,b", "a,", ",a"; a lone "-").  Pure, any context.
 */
const char *glob_filter_error(const char *filter);
#endif
