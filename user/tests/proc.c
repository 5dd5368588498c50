/*
 * Processes: fork and wait4's status words, WNOHANG, ECHILD, kill and a
 * signal's status, kill's errors, an orphan adopted by another parent,
 * vfork, and execve: of this program again with argv and envp checked,
 * and its errors ENOENT, ENOEXEC, EACCES and EFAULT.
 *
 * Run with "exec-check" as argv[1], it is the program execve starts:
 * it checks the argv and envp it was given and exits 42 if they are right.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "test.h"

#define EXEC_OK 42

static void fork_and_wait_status(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(3);
	CHECK(pid > 0);
	CHECK_EQ(wait4(pid, &status, 0, NULL), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 3);
	CHECK_EQ(status, 3 << 8);
	/* exit's status is taken & 0xff. */
	pid = fork();
	if (pid == 0)
		_exit(0x1ff);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(WEXITSTATUS(status), 0xff);
	/* No children left. */
	CHECK_ERR(wait4(-1, &status, 0, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &status, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(getpid() + 100000, &status, 0, NULL), ECHILD);
}

static void wnohang_then_wait(void)
{
	int fds[2], status = -1;
	char c;
	pid_t pid;

	CHECK_OK(pipe(fds));
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		/* Blocks until the parent writes. */
		_exit(read(fds[0], &c, 1) == 1 && c == 'x' ? 9 : 1);
	}
	close(fds[0]);
	CHECK_EQ(wait4(pid, &status, WNOHANG, NULL), 0);
	CHECK_EQ(write(fds[1], "x", 1), 1);
	close(fds[1]);
	CHECK_EQ(wait4(pid, &status, 0, NULL), pid);
	CHECK_EQ(status, 9 << 8);
	CHECK_ERR(wait4(pid, &status, 0, NULL), ECHILD);	/* reaped once */
}

static void kill_and_signal_status(void)
{
	int fds[2], status = -1;
	char c;
	pid_t pid;

	CHECK_OK(pipe(fds));
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		read(fds[0], &c, 1);	/* never returns: nobody writes, the parent keeps its end */
		_exit(1);
	}
	close(fds[0]);
	CHECK_EQ(kill(pid, 0), 0);		/* exists */
	CHECK_EQ(kill(pid, SIGKILL), 0);
	CHECK_EQ(wait4(pid, &status, 0, NULL), pid);
	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGKILL);
	CHECK_EQ(status & 0x7f, SIGKILL);
	close(fds[1]);
	CHECK_ERR(kill(pid, 0), ESRCH);		/* reaped: gone */
	CHECK_ERR(kill(getpid(), 65), EINVAL);
	CHECK_ERR(kill(getpid(), -1), EINVAL);
	CHECK_ERR(kill(0x3ffffff0, SIGKILL), ESRCH);
}

/*
 * A child forks a grandchild and exits; the grandchild, orphaned, sees
 * its parent change (to init, or a subreaper on a Linux host) and tells
 * the test through a pipe.
 */
static void orphans_are_adopted(void)
{
	int fds[2], status = -1;
	char buf[2] = { 0 };
	pid_t child;

	CHECK_OK(pipe(fds));
	child = fork();
	if (child == 0) {
		pid_t me = getpid();

		if (fork() == 0) {
			struct timespec ms = { 0, 1000000 };
			int i;

			for (i = 0; i < 10000 && getppid() == me; i++)
				nanosleep(&ms, NULL);
			write(fds[1], getppid() != me ? "y" : "n", 1);
			_exit(0);
		}
		_exit(0);
	}
	close(fds[1]);
	CHECK_EQ(wait4(child, &status, 0, NULL), child);
	CHECK_EQ(status, 0);
	CHECK_EQ(read(fds[0], buf, 1), 1);	/* also waits for the grandchild */
	CHECK_EQ(buf[0], 'y');
	close(fds[0]);
}

static void vfork_runs_the_child_first(void)
{
	int status = -1;
	volatile int order = 0;
	pid_t pid = vfork();

	if (pid == 0) {
		order = 1;		/* the parent is suspended until _exit */
		_exit(5);
	}
	CHECK_EQ(order, 1);		/* shared memory, and the child ran first */
	CHECK_EQ(wait4(pid, &status, 0, NULL), pid);
	CHECK_EQ(status, 5 << 8);
}

static void execve_this_program(const char *self)
{
	char *argv[] = { (char *)self, "exec-check", "two words", "", NULL };
	char *envp[] = { "RINGLET_A=1", "RINGLET_B=x=y", NULL };
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		execve(self, argv, envp);
		_exit(100 + errno);
	}
	CHECK_EQ(wait4(pid, &status, 0, NULL), pid);
	CHECK_EQ(status, EXEC_OK << 8);
	/* vfork + execve, the way posix_spawn does it. */
	pid = vfork();
	if (pid == 0) {
		execve(self, argv, envp);
		_exit(100 + errno);
	}
	CHECK_EQ(wait4(pid, &status, 0, NULL), pid);
	CHECK_EQ(status, EXEC_OK << 8);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	CHECK(fd >= 0);
	CHECK_EQ(write(fd, text, strlen(text)), (long)strlen(text));
	close(fd);
	CHECK_OK(chmod(path, mode));
}

static void execve_errors(void)
{
	char junk[64], noexec[64];
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	char *volatile bad = (char *)1;		/* volatile: the compiler must not see it is bad */

	snprintf(junk, sizeof(junk), "/tmp/proc-junk-%d", getpid());
	snprintf(noexec, sizeof(noexec), "/tmp/proc-noexec-%d", getpid());
	write_file(junk, "this is not an executable\n", 0755);
	write_file(noexec, "\177ELF", 0644);
	CHECK_ERR(execve("/nonexistent/program", argv, envp), ENOENT);
	CHECK_ERR(execve(junk, argv, envp), ENOEXEC);
	CHECK_ERR(execve(noexec, argv, envp), EACCES);
	CHECK_ERR(execve("/tmp", argv, envp), EACCES);	/* a directory */
	CHECK_ERR(execve(bad, argv, envp), EFAULT);
	CHECK_ERR(execve("", argv, envp), ENOENT);
	unlink(junk);
	unlink(noexec);
}

/* The program execve starts: argv and envp exactly as given. */
static int exec_check(int argc, char **argv, char **envp)
{
	extern char **environ;

	if (argc != 4 || strcmp(argv[2], "two words") || strcmp(argv[3], "") || argv[4])
		return 1;
	if (!envp[0] || strcmp(envp[0], "RINGLET_A=1") || !envp[1] ||
	    strcmp(envp[1], "RINGLET_B=x=y") || envp[2])
		return 2;
	if (environ != envp || strcmp(getenv("RINGLET_B"), "x=y"))
		return 3;
	return EXEC_OK;
}

int main(int argc, char **argv, char **envp)
{
	if (argc > 1 && !strcmp(argv[1], "exec-check"))
		return exec_check(argc, argv, envp);
	fork_and_wait_status();
	wnohang_then_wait();
	kill_and_signal_status();
	orphans_are_adopted();
	vfork_runs_the_child_first();
	execve_this_program(argv[0]);
	execve_errors();
	return t_exit();
}
