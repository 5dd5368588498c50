/*
 * Building ELF programs in memory for the execve and loader tests, and
 * running them.
 *
 * An elf_image is a file being assembled: an ELF header, up to
 * ELFB_MAX_PHDRS program headers right after it (offset 64), and bytes
 * put anywhere in the file.  elfb_write stores it in the ramfs tree,
 * where execve finds it.  The code comes from exec_snippets.S.
 *
 * elfb_std builds the standard test program:
 *   PT_LOAD R+X  offset 0 at ELFB_TEXT: the headers, then the code at
 *                ELFB_CODE_OFF, then the caller's records/data
 *   PT_LOAD RW   offset ELFB_DATA_OFF (not page aligned) at ELFB_DATA,
 *                ELFB_DATA_FILESZ bytes of 0xab followed in the file by
 *                0xee (bytes that must not show), memsz ELFB_DATA_MEMSZ
 *                (the .bss crosses a page)
 *   PT_TLS       inside the data segment: nothing for the kernel to do
 *   PT_GNU_STACK RW
 * For ET_DYN the same layout is linked at 0 and loaded at ELF_ET_DYN_BASE.
 *
 * run_program starts a kernel thread on cpu that becomes the program
 * (kernel_execve) with fd 1 on out (if given), waits for it to end and
 * reaps it, then waits until that CPU has let go of the address space
 * (its lazy TLB reference, counted by the leak check).  It returns the
 * exit status as wait4 encodes it, or execve's -errno.
 */
#ifndef ELF_BUILDER_H
#define ELF_BUILDER_H

#include "elf.h"
#include "binfmts.h"
#include "file.h"
#include "ramfs.h"
#include "sched.h"
#include "slab.h"
#include "string.h"
#include "timer.h"
#include "vm.h"
#include "task.h"
#include <asm/processor.h>
#include <asm/boot_defs.h>

#define ELFB_MAX_PHDRS	8
#define ELFB_FILE_MAX	(64 * 1024)
#define ELFB_TEXT	0x400000UL
#define ELFB_CODE_OFF	0x200UL
#define ELFB_TEXT_SIZE	0x1000UL
#define ELFB_DATA_OFF	0x1234UL
#define ELFB_DATA	(0x600000UL + ELFB_DATA_OFF)
#define ELFB_DATA_FILESZ 0x100UL
#define ELFB_DATA_MEMSZ	0x2000UL

/* wait4's statuses. */
#define EXITED(code)	(((code) & 0xff) << 8)
#define KILLED(sig)	(sig)
#define SIGSEGV		11

enum { OP_END, OP_CHECK, OP_WRITE, OP_CALL, OP_SYSCALL, OP_EXECVE, OP_RESULT };

extern const char snippet_stack[], snippet_stack_end[], snippet_ops[], snippet_ops_end[];

struct elf_image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[ELFB_MAX_PHDRS];
	unsigned char *file;	/* ELFB_FILE_MAX bytes */
	size_t size;		/* bytes written so far: the file's length */
	unsigned long bias;	/* elfb_std's ET_DYN: ELF_ET_DYN_BASE; else 0 */
	size_t rec_off;		/* ops: where the next record goes in the file */
};

static inline void elfb_put(struct elf_image *im, size_t off, const void *data, size_t len)
{
	memcpy(im->file + off, data, len);
	im->size = max(im->size, off + len);
}

static inline Elf64_Phdr *elfb_phdr(struct elf_image *im, uint32_t type, uint32_t flags,
				    uint64_t off, uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	Elf64_Phdr *ph = &im->ph[im->eh.e_phnum++];

	*ph = (Elf64_Phdr){ .p_type = type,
			    .p_flags = flags,
			    .p_offset = off,
			    .p_vaddr = vaddr,
			    .p_filesz = filesz,
			    .p_memsz = memsz,
			    .p_align = 4096 };
	return ph;
}

/* A new image: the header for type with no segments yet; false if memory ran out. */
static inline bool elfb_init(struct elf_image *im, uint16_t type)
{
	memset(im, 0, sizeof(*im));
	im->file = kzalloc(ELFB_FILE_MAX);
	if (!im->file)
		return false;
	memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
	im->eh.e_ident[EI_CLASS] = ELFCLASS64;
	im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh.e_ident[EI_VERSION] = EV_CURRENT;
	im->eh.e_type = type;
	im->eh.e_machine = EM_X86_64;
	im->eh.e_version = EV_CURRENT;
	im->eh.e_phoff = sizeof(Elf64_Ehdr);
	im->eh.e_ehsize = sizeof(Elf64_Ehdr);
	im->eh.e_phentsize = sizeof(Elf64_Phdr);
	return true;
}

static inline void elfb_free(struct elf_image *im)
{
	kfree(im->file);
}

/* The standard program around the code [start, end) (see above). */
static inline bool elfb_std(struct elf_image *im, uint16_t type, const char *start, const char *end)
{
	unsigned long link = type == ET_DYN ? 0 : ELFB_TEXT;	/* ET_DYN: linked at 0 */

	if (!elfb_init(im, type))
		return false;
	im->bias = type == ET_DYN ? ELF_ET_DYN_BASE : 0;
	elfb_phdr(im, PT_LOAD, PF_R | PF_X, 0, link, ELFB_TEXT_SIZE, ELFB_TEXT_SIZE);
	elfb_phdr(im, PT_LOAD, PF_R | PF_W, ELFB_DATA_OFF, link + ELFB_DATA - ELFB_TEXT,
		  ELFB_DATA_FILESZ, ELFB_DATA_MEMSZ);
	elfb_phdr(im, PT_TLS, PF_R, ELFB_DATA_OFF, link + ELFB_DATA - ELFB_TEXT, 8, 64);
	elfb_phdr(im, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
	im->eh.e_entry = link + ELFB_CODE_OFF;
	elfb_put(im, ELFB_CODE_OFF, start, (size_t)(end - start));
	im->rec_off = ELFB_CODE_OFF + (size_t)(end - start);
	memset(im->file + ELFB_DATA_OFF, 0xab, ELFB_DATA_FILESZ);
	memset(im->file + ELFB_DATA_OFF + ELFB_DATA_FILESZ, 0xee, 0x100);
	im->size = max(im->size, ELFB_DATA_OFF + ELFB_DATA_FILESZ + 0x100);
	return true;
}

/* The address at which the program sees ELFB_TEXT-relative address va (ET_EXEC: va itself). */
static inline unsigned long elfb_addr(const struct elf_image *im, unsigned long va)
{
	return im->bias ? va - ELFB_TEXT + im->bias : va;
}

/* Appends an ops record (snippet_ops). */
static inline void elfb_op(struct elf_image *im, uint64_t op, uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t rec[4] = { op, a, b, c };

	elfb_put(im, im->rec_off, rec, sizeof(rec));
	im->rec_off += sizeof(rec);
}

/* Where file offset off of the text segment is in the program's memory. */
static inline unsigned long elfb_text_addr(const struct elf_image *im, size_t off)
{
	return elfb_addr(im, ELFB_TEXT + off);
}

/* Puts the string s at file offset *off of the text segment; returns its address there. */
static inline unsigned long elfb_str(struct elf_image *im, size_t *off, const char *s)
{
	unsigned long addr = elfb_text_addr(im, *off);

	elfb_put(im, *off, s, strlen(s) + 1);
	*off += strlen(s) + 1;
	return addr;
}

/* Puts the pointer array a (n entries) at file offset *off (8-aligned); returns its address. */
static inline unsigned long elfb_array(struct elf_image *im, size_t *off, const uint64_t *a,
				       size_t n)
{
	unsigned long addr;

	*off = ALIGN_UP(*off, 8);
	addr = elfb_text_addr(im, *off);
	elfb_put(im, *off, a, n * sizeof(*a));
	*off += n * sizeof(*a);
	return addr;
}

/* Writes the image to path with permissions mode; 0 or -errno. */
static inline int elfb_write(struct elf_image *im, const char *path, unsigned int mode)
{
	struct file *f;
	long long pos = 0;
	size_t nph;
	ssize_t n;
	int err = ramfs_open(path, O_WRONLY | O_CREAT | O_TRUNC, mode, &f);

	if (err)
		return err;
	memcpy(im->file, &im->eh, sizeof(im->eh));
	/* A test may claim more headers than there are: only the real ones are written. */
	nph = min((size_t)im->eh.e_phnum, (size_t)ELFB_MAX_PHDRS);
	memcpy(im->file + sizeof(im->eh), im->ph, sizeof(im->ph[0]) * nph);
	im->size = max(im->size, sizeof(im->eh) + sizeof(im->ph[0]) * nph);
	n = vfs_write(f, im->file, im->size, &pos);
	fput(f);
	return n == (ssize_t)im->size ? 0 : -EIO;
}

struct program_run {
	const char *path;
	const char *const *argv, *const *envp;
	struct files_struct *files;	/* the program's table, or NULL */
	int err;			/* kernel_execve's */
	char comm[TASK_COMM_LEN];	/* after a successful exec */
	char exe[64];
};

static inline int program_thread(void *arg)
{
	struct program_run *r = arg;

	files_put(current->files);
	current->files = r->files ? files_get(r->files) : NULL;
	r->err = kernel_execve(r->path, r->argv, r->envp);
	if (r->err)
		return r->err;
	strlcpy(r->comm, current->comm, sizeof(r->comm));
	if (get_exe_path(r->exe, sizeof(r->exe)) < 0)
		r->exe[0] = '\0';
	ret_to_user();
}

static inline int run_program_on(struct program_run *r, int cpu)
{
	struct task *t = kthread_create_on_cpu(program_thread, r, cpu, "exec-test");
	int status;

	if (!t)
		return -ENOMEM;
	wake_up_process(t);
	wait_for_completion(&t->exited);
	status = kthread_stop(t);
	while (READ_ONCE(per_cpu(active_mm, cpu)))
		msleep(1);
	return status;
}

static inline int run_program(const char *path, const char *const *argv, const char *const *envp)
{
	struct program_run r = { .path = path, .argv = argv, .envp = envp };

	return run_program_on(&r, smp_processor_id());
}

#endif
