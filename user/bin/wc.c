/*
 * wc [FILE...]: lines, words and bytes of each file (or stdin), in
 * POSIX's format "%d %d %d %s", and a total line for more than one file.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct counts {
	unsigned long lines, words, bytes;
};

/* Counts fd into *c; 0, or -1 with errno set. */
static int count(int fd, struct counts *c)
{
	char buf[4096];
	ssize_t n;
	int in_word = 0;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c->bytes += n;
		for (ssize_t i = 0; i < n; i++) {
			unsigned char ch = buf[i];

			c->lines += ch == '\n';
			if (isspace(ch))
				in_word = 0;
			else if (!in_word)
				in_word = 1, c->words++;
		}
	}
	return 0;
}

static void print(const struct counts *c, const char *name)
{
	printf("%7lu %7lu %7lu%s%s\n", c->lines, c->words, c->bytes, name ? " " : "",
	       name ? name : "");
}

int main(int argc, char **argv)
{
	struct counts total = { 0, 0, 0 };
	int status = 0;

	if (argc < 2) {
		struct counts c = { 0, 0, 0 };

		if (count(0, &c))
			return perror("wc"), 1;
		print(&c, NULL);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		struct counts c = { 0, 0, 0 };
		int fd = open(argv[i], O_RDONLY);

		if (fd < 0 || count(fd, &c)) {
			fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		} else {
			print(&c, argv[i]);
			total.lines += c.lines;
			total.words += c.words;
			total.bytes += c.bytes;
		}
		if (fd >= 0)
			close(fd);
	}
	if (argc > 2)
		print(&total, "total");
	return status;
}
