/*
 * Files and descriptors, each call with the errors Linux 6.1 gives:
 * open/read/write/lseek/pread/pwrite/readv/writev, dup/dup2/dup3/fcntl,
 * pipe/pipe2, close-on-exec across execve, getdents64, stat/fstat/lstat/
 * newfstatat, mkdir/rmdir/unlink/rename, symlink/readlink, getcwd/chdir,
 * umask, access and truncate/ftruncate.  Everything happens in a fresh
 * directory under /tmp, removed at the end.
 *
 * Run as "files cloexec-check FD_KEPT FD_CLOSED", it is the program the
 * close-on-exec check execs: it exits 42 if the first descriptor is open
 * and the second is not.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"

static char dir[64];

static const char *at(const char *name)
{
	static char paths[4][128];
	static int next;
	char *p = paths[next++ % 4];

	snprintf(p, 128, "%s/%s", dir, name);
	return p;
}

static void open_read_write_seek(void)
{
	char buf[32] = { 0 };
	int fd = open(at("a"), O_RDWR | O_CREAT | O_EXCL, 0644);

	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "0123456789", 10), 10);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10);
	CHECK_EQ(lseek(fd, 2, SEEK_SET), 2);
	CHECK_EQ(read(fd, buf, 3), 3);
	CHECK_EQ(memcmp(buf, "234", 3), 0);
	CHECK_EQ(lseek(fd, -1, SEEK_END), 9);
	CHECK_EQ(read(fd, buf, 10), 1);
	CHECK_EQ(read(fd, buf, 10), 0);			/* end of file */
	CHECK_ERR(lseek(fd, -20, SEEK_CUR), EINVAL);
	CHECK_ERR(lseek(fd, 0, 7), EINVAL);
	CHECK_EQ(lseek(fd, 20, SEEK_SET), 20);		/* past the end is fine... */
	CHECK_EQ(write(fd, "x", 1), 1);			/* ...and leaves a hole of zeros */
	CHECK_EQ(pread(fd, buf, 4, 9), 4);
	CHECK_EQ(memcmp(buf, "9\0\0\0", 4), 0);
	CHECK_EQ(pwrite(fd, "AB", 2, 0), 2);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 21);		/* pread/pwrite leave the offset */
	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL);
	close(fd);
	/* Opening errors. */
	CHECK_ERR(open(at("a"), O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	CHECK_ERR(open(at("missing"), O_RDONLY), ENOENT);
	CHECK_ERR(open(at("a/x"), O_RDONLY), ENOTDIR);
	CHECK_ERR(open(dir, O_WRONLY), EISDIR);
	CHECK_ERR(open(at("a"), O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR(open("", O_RDONLY), ENOENT);
	CHECK_ERR(syscall(SYS_open, (char *)8, O_RDONLY), EFAULT);
	/* O_TRUNC and O_APPEND. */
	fd = open(at("a"), O_WRONLY | O_APPEND);
	CHECK_EQ(write(fd, "END", 3), 3);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 24);
	close(fd);
	fd = open(at("a"), O_RDONLY);
	CHECK_ERR(write(fd, "x", 1), EBADF);		/* read-only descriptor */
	close(fd);
	fd = open(at("a"), O_WRONLY | O_TRUNC);
	CHECK_ERR(read(fd, buf, 1), EBADF);
	close(fd);
	CHECK_ERR(read(fd, buf, 1), EBADF);		/* closed */
	CHECK_ERR(close(fd), EBADF);
	CHECK_ERR(close(-1), EBADF);
}

static void vectors(void)
{
	char a[4], b[8];
	struct iovec out[2] = { { "abc", 3 }, { "defgh", 5 } }, in[2] = { { a, 4 }, { b, 8 } };
	int fd = open(at("v"), O_RDWR | O_CREAT | O_TRUNC, 0600);

	CHECK_EQ(writev(fd, out, 2), 8);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(readv(fd, in, 2), 8);
	CHECK_EQ(memcmp(a, "abcd", 4), 0);
	CHECK_EQ(memcmp(b, "efgh", 4), 0);
	CHECK_ERR(writev(fd, out, -1), EINVAL);
	CHECK_ERR(readv(fd, in, 1025), EINVAL);		/* more than IOV_MAX */
	close(fd);
}

static void duplicates_and_fcntl(void)
{
	int fd = open(at("a"), O_RDONLY), d, flags;

	CHECK(fd >= 0);
	d = dup(fd);
	CHECK(d > fd);
	CHECK_EQ(lseek(fd, 3, SEEK_SET), 3);
	CHECK_EQ(lseek(d, 0, SEEK_CUR), 3);		/* one open file, one offset */
	CHECK_EQ(dup2(fd, 100), 100);
	CHECK_EQ(dup2(fd, fd), fd);			/* dup2 onto itself: a no-op */
	/* Raw calls: musl checks the first itself and drops unknown flags. */
	CHECK_ERR(syscall(SYS_dup3, fd, fd, 0), EINVAL);	/* dup3 refuses it */
	CHECK_ERR(syscall(SYS_dup3, fd, 101, 0x4), EINVAL);	/* a flag other than O_CLOEXEC */
	CHECK_EQ(dup3(fd, 101, O_CLOEXEC), 101);
	CHECK_EQ(fcntl(101, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(100, F_GETFD), 0);		/* dup2 clears it */
	CHECK_ERR(dup(999), EBADF);
	CHECK_ERR(dup2(999, 5), EBADF);
	CHECK_ERR(dup2(fd, -1), EBADF);
	CHECK_ERR(dup2(fd, INT_MAX), EBADF);
	CHECK_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(fd, F_DUPFD, 50), 50);
	CHECK_EQ(fcntl(fd, F_DUPFD_CLOEXEC, 50), 51);
	CHECK_EQ(fcntl(51, F_GETFD), FD_CLOEXEC);
	flags = fcntl(fd, F_GETFL);
	CHECK_EQ(flags & O_ACCMODE, O_RDONLY);
	CHECK_ERR(fcntl(999, F_GETFD), EBADF);
	CHECK_ERR(fcntl(fd, F_DUPFD, -1), EINVAL);
	close(fd);
	close(d);
	close(50);
	close(51);
	close(100);
	close(101);
}

static void pipes(void)
{
	int p[2], q[2];
	char buf[8];

	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(write(p[1], "pipe", 4), 4);
	CHECK_EQ(read(p[0], buf, 8), 4);
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE);
	CHECK_ERR(write(p[0], "x", 1), EBADF);		/* the read end */
	close(p[1]);
	CHECK_EQ(read(p[0], buf, 8), 0);		/* no writers: end of file */
	close(p[0]);
	CHECK_EQ(pipe2(q, O_CLOEXEC | O_NONBLOCK), 0);
	CHECK_EQ(fcntl(q[0], F_GETFD), FD_CLOEXEC);
	CHECK(fcntl(q[0], F_GETFL) & O_NONBLOCK);
	CHECK_ERR(read(q[0], buf, 1), EAGAIN);		/* empty, non-blocking */
	CHECK_ERR(pipe2(p, 0x1), EINVAL);
	CHECK_ERR(syscall(SYS_pipe, (int *)8), EFAULT);
	close(q[0]);
	close(q[1]);
}

static void close_on_exec(const char *self)
{
	int kept = open(at("a"), O_RDONLY), gone = open(at("a"), O_RDONLY | O_CLOEXEC);
	char k[16], g[16];
	char *argv[] = { (char *)self, "cloexec-check", k, g, NULL }, *envp[] = { NULL };
	int status = -1;
	pid_t pid;

	snprintf(k, sizeof(k), "%d", kept);
	snprintf(g, sizeof(g), "%d", gone);
	pid = fork();
	if (pid == 0) {
		execve(self, argv, envp);
		_exit(100);
	}
	CHECK_EQ(wait4(pid, &status, 0, NULL), pid);
	CHECK_EQ(status, 42 << 8);
	close(kept);
	close(gone);
}

static void directories(void)
{
	char buf[1024];
	int fd, n, seen = 0;
	long pos;

	CHECK_EQ(mkdir(at("d"), 0755), 0);
	CHECK_ERR(mkdir(at("d"), 0755), EEXIST);
	CHECK_ERR(mkdir(at("none/d"), 0755), ENOENT);
	CHECK_ERR(mkdir(at("a/d"), 0755), ENOTDIR);
	close(open(at("d/f1"), O_CREAT | O_WRONLY, 0644));
	CHECK_EQ(mkdir(at("d/sub"), 0755), 0);
	fd = open(at("d"), O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (pos = 0; pos < n;) {
			struct {
				uint64_t ino;
				int64_t off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *de = (void *)(buf + pos);

			if (!strcmp(de->name, "f1"))
				seen |= de->type == DT_REG ? 1 : 16;
			else if (!strcmp(de->name, "sub"))
				seen |= de->type == DT_DIR ? 2 : 32;
			else if (!strcmp(de->name, ".") || !strcmp(de->name, ".."))
				seen |= 4;
			else
				seen |= 64;
			CHECK(de->reclen % 8 == 0 && de->ino != 0);
			pos += de->reclen;
		}
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(seen, 7);
	close(fd);
	fd = open(at("d"), O_RDONLY | O_DIRECTORY);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, 1), EINVAL);	/* too small for an entry */
	close(fd);
	fd = open(at("a"), O_RDONLY);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, sizeof(buf)), ENOTDIR);
	close(fd);
	CHECK_ERR(rmdir(at("d")), ENOTEMPTY);
	CHECK_ERR(rmdir(at("a")), ENOTDIR);
	CHECK_ERR(unlink(at("d")), EISDIR);
	CHECK_EQ(unlink(at("d/f1")), 0);
	CHECK_ERR(unlink(at("d/f1")), ENOENT);
	CHECK_EQ(rmdir(at("d/sub")), 0);
	CHECK_EQ(rmdir(at("d")), 0);
	CHECK_ERR(rmdir(at("d")), ENOENT);
}

static void stats_links_and_names(void)
{
	struct stat st, lst;
	char buf[128];
	ssize_t n;

	CHECK_EQ(stat(at("a"), &st), 0);
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_size, 0);			/* truncated by O_TRUNC above */
	CHECK_EQ(truncate(at("a"), 5000), 0);
	CHECK_EQ(stat(at("a"), &st), 0);
	CHECK_EQ(st.st_size, 5000);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_ERR(truncate(at("a"), -1), EINVAL);
	CHECK_ERR(truncate(dir, 0), EISDIR);
	CHECK_EQ(stat(dir, &st), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_ERR(stat(at("missing"), &st), ENOENT);
	/* Symlinks. */
	CHECK_EQ(symlink("a", at("link")), 0);
	CHECK_ERR(symlink("a", at("link")), EEXIST);
	CHECK_EQ(lstat(at("link"), &lst), 0);
	CHECK(S_ISLNK(lst.st_mode));
	CHECK_EQ(lst.st_size, 1);			/* the target's length */
	CHECK_EQ(stat(at("link"), &st), 0);		/* followed */
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_size, 5000);
	n = readlink(at("link"), buf, sizeof(buf));
	CHECK_EQ(n, 1);
	CHECK_EQ(buf[0], 'a');
	CHECK_ERR(syscall(SYS_readlink, at("link"), buf, 0), EINVAL);	/* raw: musl pads 0 to 1 */
	CHECK_ERR(readlink(at("a"), buf, sizeof(buf)), EINVAL);	/* not a link */
	CHECK_EQ(symlink("nowhere", at("dangling")), 0);
	CHECK_ERR(stat(at("dangling"), &st), ENOENT);
	CHECK_EQ(lstat(at("dangling"), &st), 0);
	CHECK_EQ(fstatat(AT_FDCWD, at("link"), &st, AT_SYMLINK_NOFOLLOW), 0);
	CHECK(S_ISLNK(st.st_mode));
	/* fstat of an open file, and of a pipe. */
	{
		int fd = open(at("link"), O_RDONLY), p[2];

		CHECK_EQ(fstat(fd, &st), 0);
		CHECK(S_ISREG(st.st_mode) && st.st_size == 5000);
		CHECK_ERR(ftruncate(fd, 1), EINVAL);		/* not open for writing */
		close(fd);
		CHECK_ERR(fstat(fd, &st), EBADF);
		CHECK_EQ(pipe(p), 0);
		CHECK_EQ(fstat(p[0], &st), 0);
		CHECK(S_ISFIFO(st.st_mode));
		close(p[0]);
		close(p[1]);
	}
	/* rename. */
	CHECK_EQ(rename(at("a"), at("b")), 0);
	CHECK_ERR(stat(at("a"), &st), ENOENT);
	CHECK_EQ(stat(at("b"), &st), 0);
	CHECK_ERR(rename(at("missing"), at("c")), ENOENT);
	CHECK_EQ(mkdir(at("e"), 0755), 0);
	CHECK_ERR(rename(at("b"), at("e")), EISDIR);
	CHECK_ERR(rename(at("e"), at("b")), ENOTDIR);
	CHECK_EQ(rename(at("b"), at("e/b")), 0);
	CHECK_EQ(unlink(at("e/b")), 0);
	CHECK_EQ(rmdir(at("e")), 0);
	CHECK_EQ(unlink(at("link")), 0);		/* the link, not its target */
	CHECK_EQ(unlink(at("dangling")), 0);
}

static void cwd_umask_access(void)
{
	char cwd[PATH_MAX], buf[4];
	struct stat st;
	int fd;

	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK_EQ(chdir(dir), 0);
	CHECK(getcwd(buf, 4) == NULL && errno == ERANGE);
	fd = open("rel", O_CREAT | O_WRONLY, 0666);		/* relative to the new cwd */
	CHECK(fd >= 0);
	close(fd);
	CHECK_EQ(access(at("rel"), F_OK), 0);
	CHECK_EQ(access("rel", R_OK | W_OK), 0);
	CHECK_ERR(access("missing", F_OK), ENOENT);
	CHECK_ERR(access("rel", 0x10), EINVAL);
	CHECK_ERR(chdir("rel"), ENOTDIR);
	CHECK_ERR(chdir("missing"), ENOENT);
	CHECK_EQ(unlink("rel"), 0);
	CHECK_EQ(umask(027), 022);			/* umask returns the previous mask */
	CHECK_EQ(umask(022), 027);
	umask(077);
	fd = open("masked", O_CREAT | O_WRONLY, 0666);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_mode & 0777, 0600);
	close(fd);
	CHECK_EQ(mkdir("mdir", 0777), 0);
	CHECK_EQ(stat("mdir", &st), 0);
	CHECK_EQ(st.st_mode & 0777, 0700);
	umask(022);
	CHECK_EQ(rmdir("mdir"), 0);
	CHECK_EQ(unlink("masked"), 0);
	CHECK_EQ(chdir(cwd), 0);
}

static int cloexec_check(char **argv)
{
	int kept = atoi(argv[2]), gone = atoi(argv[3]);

	if (fcntl(kept, F_GETFD) != 0)
		return 1;
	if (fcntl(gone, F_GETFD) != -1 || errno != EBADF)
		return 2;
	return 42;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "cloexec-check"))
		return cloexec_check(argv);
	umask(022);
	snprintf(dir, sizeof(dir), "/tmp/files-%d", getpid());
	if (mkdir(dir, 0755)) {
		perror(dir);
		return 1;
	}
	open_read_write_seek();
	vectors();
	duplicates_and_fcntl();
	pipes();
	close_on_exec(argv[0]);
	directories();
	stats_links_and_names();
	cwd_umask_access();
	CHECK_EQ(unlink(at("v")), 0);
	CHECK_EQ(rmdir(dir), 0);
	return t_exit();
}
