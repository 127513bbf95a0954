/* SPDX-License-Identifier: GPL-2.0-only */
/* Bounded printf-style formatting for printk, panic messages and test
 * guests. Supports %d %i %u %x %X %o %p %s %c %% with flags '-', '0',
 * a field width (number or '*'), a precision for %s (number or '*'), and
 * the length modifiers l, ll, z. Output is always NUL-terminated when
 * size > 0; the return value is the length the full output would have
 * had. */
#include <parvus/string.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	bool left;
	bool zero;
	int width;
	int precision;
	int length;	/* 0 = int, 1 = long, 2 = long long, 3 = size_t */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n,
		       const struct spec *sp, char pad)
{
	size_t fill = sp->width > (int)n ? sp->width - n : 0;

	if (!sp->left)
		while (fill--)
			put(o, pad);
	while (n--)
		put(o, *s++);
	if (sp->left)
		while (fill--)
			put(o, ' ');
}

static void put_number(struct out *o, uint64_t v, bool negative,
		       unsigned base, bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = digits[v % base];
		v /= base;
	} while (v);

	if (negative && sp->zero && !sp->left) {
		/* The sign goes before the zero padding: -0042, not 00-42. */
		struct spec rest = *sp;
		put(o, '-');
		rest.width = sp->width > 0 ? sp->width - 1 : 0;
		put_padded(o, tmp + i, sizeof(tmp) - i, &rest, '0');
		return;
	}
	if (negative)
		tmp[--i] = '-';
	put_padded(o, tmp + i, sizeof(tmp) - i, sp,
		   sp->zero && !sp->left ? '0' : ' ');
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .precision = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		sp->precision = 0;
		if (*++f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->precision = sp->precision * 10 + (*f - '0');
	}
	for (;; f++) {
		if (*f == 'l')
			sp->length = sp->length ? 2 : 1;
		else if (*f == 'z')
			sp->length = 3;
		else
			break;
	}
	return f;
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 1: return va_arg(*ap, unsigned long);
	case 2: return va_arg(*ap, unsigned long long);
	case 3: return va_arg(*ap, size_t);
	default: return va_arg(*ap, unsigned int);
	}
}

static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 1: return va_arg(*ap, long);
	case 2: return va_arg(*ap, long long);
	case 3: return (int64_t)va_arg(*ap, size_t);
	default: return va_arg(*ap, int);
	}
}

static void format_one(struct out *o, char conv, struct spec *sp, va_list *ap)
{
	const char *s;
	int64_t sv;

	switch (conv) {
	case 'd':
	case 'i':
		sv = arg_signed(sp, ap);
		put_number(o, sv < 0 ? -(uint64_t)sv : (uint64_t)sv, sv < 0,
			   10, false, sp);
		break;
	case 'u':
		put_number(o, arg_unsigned(sp, ap), false, 10, false, sp);
		break;
	case 'x':
	case 'X':
		put_number(o, arg_unsigned(sp, ap), false, 16, conv == 'X', sp);
		break;
	case 'o':
		put_number(o, arg_unsigned(sp, ap), false, 8, false, sp);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		sp->zero = true;
		sp->width = 16;
		put_number(o, (uintptr_t)va_arg(*ap, void *), false, 16, false, sp);
		break;
	case 'c': {
		char c = (char)va_arg(*ap, int);
		put_padded(o, &c, 1, sp, ' ');
		break;
	}
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		put_padded(o, s, sp->precision >= 0 ?
			   strnlen(s, sp->precision) : strlen(s), sp, ' ');
		break;
	case '%':
		put(o, '%');
		break;
	default:
		/* Unknown conversion: show it rather than guess at arguments. */
		put(o, '%');
		put(o, conv);
		break;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size };
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &args);
		if (!*fmt)
			break;
		format_one(&o, *fmt++, &sp, &args);
	}
	va_end(args);
	if (size)
		buf[MIN(o.len, size - 1)] = '\0';
	return (int)o.len;
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
