/*
 * The formatter behind snprintf and friends (see include/printf.h).
 *
 * One pass over the format.  Each conversion is first parsed completely -
 * flags, width, precision, length, conversion letter - without touching
 * the arguments, and only a conversion we understand then takes its '*'
 * values and its argument.  So a typo such as "%q", or a conversion we
 * lack such as "%lc", shows up in the output as written instead of
 * silently shifting every later argument.
 *
 * All output goes through a sink that stores a character only while there
 * is room for it and the final NUL, but counts every one.  The count is
 * the untruncated length that C's vsnprintf returns, and no conversion
 * needs to know about truncation.
 *
 * Where C leaves a combination undefined we pick what is simplest to
 * explain: '0', '+', ' ' and '#' do nothing for %c, %s and %p, precision
 * does nothing for %c and %p, and %s of NULL prints "(null)", cut by the
 * precision like any other string.
 */
#include <stdint.h>
#include <stdbool.h>
#include "printf.h"
#include "string.h"
#include "kallsyms.h"

/* Longest "name+0xoff/0xsize" printed in full; longer ones are cut. */
#define SYMBOL_MAX	192

struct sink {
	char *buf;
	size_t size;	/* bytes at buf, the NUL included */
	size_t len;	/* characters produced so far, stored or not */
};

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T };

struct spec {
	bool left, zero, plus, space, alt;
	bool width_star, prec_star;	/* taken from the arguments */
	unsigned int width;
	int prec;			/* negative: none given */
	enum length length;
	char conv;
};

static void put(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void put_repeat(struct sink *s, char c, size_t n)
{
	while (n--)
		put(s, c);
}

static void put_chars(struct sink *s, const char *p, size_t n)
{
	while (n--)
		put(s, *p++);
}

/* Digits saturate at INT_MAX rather than overflow: "%99999999999d" is a typo, not UB. */
static unsigned int parse_digits(const char **pp)
{
	const char *p = *pp;
	unsigned int v = 0;

	for (; *p >= '0' && *p <= '9'; p++)
		v = v > (__INT_MAX__ - 9) / 10 ? __INT_MAX__ : v * 10 + (*p - '0');
	*pp = p;
	return v;
}

/*
 * Parses the conversion that starts just after a '%'.  Returns a pointer to
 * its conversion letter (the format's NUL if it ends first).
 */
static const char *parse_spec(const char *p, struct spec *sp)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; p++) {
		if (*p == '-')
			sp->left = true;
		else if (*p == '0')
			sp->zero = true;
		else if (*p == '+')
			sp->plus = true;
		else if (*p == ' ')
			sp->space = true;
		else if (*p == '#')
			sp->alt = true;
		else
			break;
	}
	if (*p == '*') {
		sp->width_star = true;
		p++;
	} else {
		sp->width = parse_digits(&p);
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			sp->prec_star = true;
			p++;
		} else {
			sp->prec = parse_digits(&p);	/* "%.d" means precision 0 */
		}
	}
	if (*p == 'h') {
		sp->length = p[1] == 'h' ? LEN_HH : LEN_H;
		p += sp->length == LEN_HH ? 2 : 1;
	} else if (*p == 'l') {
		sp->length = p[1] == 'l' ? LEN_LL : LEN_L;
		p += sp->length == LEN_LL ? 2 : 1;
	} else if (*p == 'z') {
		sp->length = LEN_Z;
		p++;
	} else if (*p == 't') {
		sp->length = LEN_T;
		p++;
	}
	sp->conv = *p;
	return p;
}

static bool is_int_conv(char c)
{
	return c == 'd' || c == 'i' || c == 'u' || c == 'x' || c == 'X' || c == 'o';
}

/* True if we print this conversion; everything else is copied as text. */
static bool spec_known(const struct spec *sp, const char *start, const char *conv)
{
	if (is_int_conv(sp->conv))
		return true;
	if (sp->conv == 'c' || sp->conv == 's' || sp->conv == 'p')
		return sp->length == LEN_NONE;
	return sp->conv == '%' && conv == start;	/* only a bare "%%" */
}

/* Reads an argument of the spec's signed type, widened to long long. */
static long long arg_signed(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_HH:	return (signed char)va_arg(*ap, int);
	case LEN_H:	return (short)va_arg(*ap, int);
	case LEN_L:	return va_arg(*ap, long);
	case LEN_LL:	return va_arg(*ap, long long);
	case LEN_Z:	return (ptrdiff_t)va_arg(*ap, size_t);	/* %zd: signed size_t */
	case LEN_T:	return va_arg(*ap, ptrdiff_t);
	default:	return va_arg(*ap, int);
	}
}

/* Reads an argument of the spec's unsigned type, widened to unsigned long long. */
static unsigned long long arg_unsigned(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_HH:	return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:	return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:	return va_arg(*ap, unsigned long);
	case LEN_LL:	return va_arg(*ap, unsigned long long);
	case LEN_Z:	return va_arg(*ap, size_t);
	case LEN_T:	return (size_t)va_arg(*ap, ptrdiff_t);	/* %tu: unsigned ptrdiff_t */
	default:	return va_arg(*ap, unsigned int);
	}
}

/*
 * Prints an integer: [pad][sign][0x][zeros]digits[pad].  neg and the '+'
 * and ' ' flags only matter for signed conversions, whose callers pass the
 * magnitude and the sign separately.
 */
static void put_number(struct sink *s, const struct spec *sp, unsigned long long mag, bool neg)
{
	const char *set = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned int base = sp->conv == 'o' ? 8 : sp->conv == 'x' || sp->conv == 'X' ? 16 : 10;
	bool is_signed = sp->conv == 'd' || sp->conv == 'i';
	char digits[22];	/* 2^64 - 1 in octal */
	size_t nd = 0;
	char sign = 0;
	const char *prefix = "";

	for (; mag; mag /= base)
		digits[nd++] = set[mag % base];

	/*
	 * Precision is the minimum number of digits.  C's default is 1, so
	 * only an explicit precision of 0 prints the value 0 as "".
	 */
	size_t prec = sp->prec < 0 ? 1 : (size_t)sp->prec;
	if (sp->conv == 'o' && sp->alt && prec <= nd)
		prec = nd + 1;	/* '#' for octal: a leading 0, even for "%#.0o" of 0 */
	size_t zeros = prec > nd ? prec - nd : 0;

	if (is_signed)
		sign = neg ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;
	if (sp->alt && nd && sp->conv == 'x')
		prefix = "0x";
	else if (sp->alt && nd && sp->conv == 'X')
		prefix = "0X";

	size_t body = (sign != 0) + strlen(prefix) + zeros + nd;
	size_t pad = sp->width > body ? sp->width - body : 0;

	/* '0' pads between the sign and the digits; precision and '-' override it, as in C. */
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!sp->left)
		put_repeat(s, ' ', pad);
	if (sign)
		put(s, sign);
	put_chars(s, prefix, strlen(prefix));
	put_repeat(s, '0', zeros);
	while (nd)
		put(s, digits[--nd]);
	if (sp->left)
		put_repeat(s, ' ', pad);
}

/* Prints n characters, or fewer if the precision says so, padded with spaces to the width. */
static void put_field(struct sink *s, const struct spec *sp, const char *p, size_t n)
{
	if (sp->prec >= 0 && (size_t)sp->prec < n)
		n = sp->prec;
	size_t pad = sp->width > n ? sp->width - n : 0;

	if (!sp->left)
		put_repeat(s, ' ', pad);
	put_chars(s, p, n);
	if (sp->left)
		put_repeat(s, ' ', pad);
}

/* Out of line so that vsnprintf's own frame stays small without a %pS. */
static __attribute__((noinline)) void put_symbol(struct sink *s, const struct spec *sp,
						   unsigned long addr, bool with_offset)
{
	char sym[SYMBOL_MAX + 1];
	int n = sprint_symbol(sym, sizeof(sym), addr, with_offset);

	put_field(s, sp, sym, n);
}

/*
 * Prints a pointer: as 16 hex digits, or symbolised when the 'p' is
 * followed by 'S' or 's'.  Returns the last format character it used.
 */
static const char *put_pointer(struct sink *s, struct spec *sp, const char *conv, void *ptr)
{
	if (conv[1] == 'S' || conv[1] == 's') {
		sp->prec = -1;
		put_symbol(s, sp, (unsigned long)ptr, conv[1] == 'S');
		return conv + 1;
	}
	sp->conv = 'x';
	sp->prec = 2 * sizeof(ptr);
	sp->alt = false;
	put_number(s, sp, (uintptr_t)ptr, false);
	return conv;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .size = size };
	va_list args;

	/*
	 * The helpers take a va_list by pointer.  A va_list parameter is an
	 * array that decayed to a pointer on x86_64, so &ap would have the
	 * wrong type; a local copy is a real va_list.
	 */
	va_copy(args, ap);
	for (const char *p = fmt; *p; p++) {
		struct spec sp;
		const char *conv;

		if (*p != '%') {
			put(&s, *p);
			continue;
		}
		conv = parse_spec(p + 1, &sp);
		if (!spec_known(&sp, p + 1, conv)) {
			/* Copy it as written; if the format ended inside it, stop. */
			put_chars(&s, p, conv - p);
			if (!*conv)
				break;
			put(&s, *conv);
			p = conv;
			continue;
		}
		if (sp.width_star) {
			int w = va_arg(args, int);

			/* A negative '*' width is a '-' flag; -(unsigned) handles INT_MIN. */
			sp.left |= w < 0;
			sp.width = w < 0 ? -(unsigned int)w : (unsigned int)w;
		}
		if (sp.prec_star)
			sp.prec = va_arg(args, int);	/* negative means none, as in C */
		p = conv;
		switch (sp.conv) {
		case 'd':
		case 'i': {
			long long v = arg_signed(&args, sp.length);

			/* Negate in unsigned arithmetic: -LLONG_MIN overflows. */
			put_number(&s, &sp, v < 0 ? -(unsigned long long)v : (unsigned long long)v, v < 0);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			put_number(&s, &sp, arg_unsigned(&args, sp.length), false);
			break;
		case 'c': {
			char c = (char)va_arg(args, int);

			sp.prec = -1;
			put_field(&s, &sp, &c, 1);
			break;
		}
		case 's': {
			const char *str = va_arg(args, const char *);

			if (!str)
				str = "(null)";
			/* Bounded: with a precision, str need not be NUL-terminated. */
			put_field(&s, &sp, str, strnlen(str, sp.prec < 0 ? (size_t)-1 : (size_t)sp.prec));
			break;
		}
		case 'p':
			p = put_pointer(&s, &sp, conv, va_arg(args, void *));
			break;
		default:	/* '%' */
			put(&s, '%');
			break;
		}
	}
	va_end(args);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return s.len > __INT_MAX__ ? __INT_MAX__ : (int)s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if ((size_t)n < size)
		return n;
	return size ? (int)(size - 1) : 0;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
