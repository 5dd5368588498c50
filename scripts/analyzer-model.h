/*
 * Seen only by clang-tidy: scripts/static-check.sh force-includes it
 * (-include) into every file it analyses; the kernel build never sees it.
 *
 * A failed ASSERT_* calls ktest_abandon_current(), which longjmps back
 * to the test runner, so the code after it runs only if the assertion
 * held.  ktest_check*() are out-of-line, though, so the analyzer cannot
 * tell and follows the failed path on: every `p = kmalloc(..);
 * ASSERT_NOT_NULL(p); p[0] = ..` becomes a NULL dereference.  These
 * versions report exactly as the real ones do and then tell the analyzer
 * that the failed path ends.  Each argument is still evaluated once.
 *
 * ktest.h's include guard keeps the test files' own #include "ktest.h"
 * from redefining them.
 */
#include "ktest.h"

#undef __KTEST_INT
#define __KTEST_INT(fatal, op, a, b)						\
({										\
	long long __ma = (long long)(a), __mb = (long long)(b);			\
	ktest_check_int(fatal, __FILE__, __LINE__, #op, #a, #b, __ma, __mb);	\
	if ((fatal) && !(__ma op __mb))						\
		__builtin_unreachable();					\
})

#undef ASSERT_TRUE
#define ASSERT_TRUE(c)								\
({										\
	bool __mok = !!(c);							\
	ktest_check(__mok, true, __FILE__, __LINE__, #c);			\
	if (!__mok)								\
		__builtin_unreachable();					\
})

#undef ASSERT_FALSE
#define ASSERT_FALSE(c)								\
({										\
	bool __mok = !(c);							\
	ktest_check(__mok, true, __FILE__, __LINE__, "!(" #c ")");		\
	if (!__mok)								\
		__builtin_unreachable();					\
})

#undef ASSERT_STREQ
#define ASSERT_STREQ(a, b)							\
({										\
	const char *__ma = (a), *__mb = (b);					\
	ktest_check_str(true, __FILE__, __LINE__, #a, #b, __ma, __mb);		\
	if (!__ma || !__mb)							\
		__builtin_unreachable();					\
})

/*
 * The boot CPU is online from the start and never goes offline, so
 * num_online_cpus() >= 1; the analyzer only sees a popcount that may be 0
 * and flags every `x / num_online_cpus()`.
 */
#include "smp.h"

#define num_online_cpus()							\
({										\
	int __mn = (num_online_cpus)();						\
	if (__mn < 1)								\
		__builtin_unreachable();					\
	__mn;									\
})
