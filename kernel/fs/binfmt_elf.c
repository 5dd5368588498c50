/*
 * The ELF loader: static ELF64 programs for x86_64, ET_EXEC and static
 * PIE (ET_DYN), as Linux 6.1's fs/binfmt_elf.c loads them, into an
 * address space that is not in use yet (execve's bprm->mm).
 *
 * Checks, all -ENOEXEC unless said: the magic, 64-bit little-endian
 * class, ET_EXEC or ET_DYN, EM_X86_64, program headers of Linux's size,
 * between 1 and 4096 bytes of them, read whole; at least one PT_LOAD.
 * A PT_LOAD must have p_filesz <= p_memsz, lie below the stack and inside
 * the user range, and keep p_vaddr and p_offset in step modulo the page
 * size (-EINVAL, Linux's errno for each); its file bytes must be in the
 * file.  A PT_INTERP names a dynamic linker: Linux would load it, ringlet
 * cannot, so -ENOENT if it does not exist (what Linux says too) and
 * -ENOEXEC if it does.  PT_GNU_STACK with PF_X makes the stack executable;
 * without it the stack is not (Linux's x86_64 default).  PT_TLS and the
 * others need nothing from the kernel.
 *
 * Each PT_LOAD becomes one private VMA from the page of p_vaddr to the
 * page after p_vaddr + p_memsz, with the protection p_flags give (no
 * PF_W: never writable; no PF_X: NX), marked file-backed.  Its pages get
 * the file's bytes as a file mapping would show them, from the start of
 * the page (the bytes before p_vaddr are the file's too) up to p_vaddr +
 * p_filesz; everything after that is zero: the .bss, the rest of the last
 * file page, the pages after it.  (Linux shows the file's next bytes in
 * the rest of that page when there is no .bss; no program reads them.)
 * A later segment that shares a page with an earlier one replaces that
 * page, as Linux's MAP_FIXED does.
 *
 * ET_DYN programs are loaded at ELF_ET_DYN_BASE (binfmts.h), a fixed base:
 * no randomization.  The break starts at the page after the highest
 * segment's end.
 *
 * The initial stack (Linux's create_elf_tables), from the top down:
 *   8 zero bytes, the path (AT_EXECFN), envp strings, argv strings
 *   (exec.c put those), 16-byte alignment, "x86_64" (AT_PLATFORM), the 16
 *   AT_RANDOM bytes, padding so that the stack pointer ends 16-byte
 *   aligned, then the auxiliary vector, envp[] and NULL, argv[] and
 *   NULL, argc at the stack pointer.  docs/exec.md draws it.
 *
 * The AT_RANDOM bytes come from the kernel's generator, the one behind
 * getrandom(2) (kernel/random/random.c).
 */
#include "binfmts.h"
#include "elf.h"
#include "file.h"
#include "ramfs.h"
#include "slab.h"
#include "mm.h"
#include "string.h"
#include "random.h"
#include <asm/pgtable.h>
#include <asm/x86.h>

#define PAGE_MASK	(~(PAGE_SIZE - 1UL))
#define PAGE_START(x)	((x) & PAGE_MASK)
#define PAGE_OFF(x)	((x) & ~PAGE_MASK)
#define MAX_PHDRS_SIZE	4096	/* Linux's ELF_MIN_ALIGN limit on the header table */
#define AUXV_MAX	24	/* pairs, AT_NULL included */

struct elf_info {
	Elf64_Phdr *phdrs;
	int phnum;
	unsigned long bias;		/* added to every p_vaddr: 0 for ET_EXEC */
	bool exec_stack;		/* PT_GNU_STACK with PF_X */
};

static int check_header(const struct linux_binprm *bprm, const Elf64_Ehdr *eh)
{
	if (bprm->size < (long long)sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return -ENOEXEC;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (eh->e_machine != EM_X86_64)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || !eh->e_phnum ||
	    eh->e_phnum * sizeof(Elf64_Phdr) > MAX_PHDRS_SIZE)
		return -ENOEXEC;
	return 0;
}

static int read_phdrs(const struct linux_binprm *bprm, const Elf64_Ehdr *eh, struct elf_info *ei)
{
	size_t size = eh->e_phnum * sizeof(Elf64_Phdr);

	ei->phdrs = kmalloc(size);
	if (!ei->phdrs)
		return -ENOMEM;
	ei->phnum = eh->e_phnum;
	if (kernel_read(bprm->file, ei->phdrs, size, (long long)eh->e_phoff) != (long)size)
		return -ENOEXEC;
	return 0;
}

/* PT_INTERP: -ENOENT if the interpreter is missing, else -ENOEXEC (see above). */
static int check_interp(const struct linux_binprm *bprm, const Elf64_Phdr *ph)
{
	struct ramfs_stat st;
	char *path;
	int err = -ENOEXEC;

	if (ph->p_filesz > PATH_MAX || ph->p_filesz < 2)
		return -ENOEXEC;
	path = kmalloc(ph->p_filesz);
	if (!path)
		return -ENOMEM;
	if (kernel_read(bprm->file, path, ph->p_filesz, (long long)ph->p_offset) ==
		    (long)ph->p_filesz &&
	    path[ph->p_filesz - 1] == '\0') {
		err = ramfs_stat(path, &st);
		if (!err)
			err = -ENOEXEC;	/* it exists, but ringlet has no dynamic linking */
	}
	kfree(path);
	return err;
}

static int check_load(const struct linux_binprm *bprm, const Elf64_Phdr *ph, unsigned long bias)
{
	unsigned long start = ph->p_vaddr + bias;

	if (ph->p_filesz > ph->p_memsz || ph->p_memsz > TASK_SIZE || start < ph->p_vaddr ||
	    start > STACK_TOP - STACK_SIZE || ph->p_memsz > STACK_TOP - STACK_SIZE - start)
		return -EINVAL;
	if (PAGE_OFF(ph->p_vaddr) != PAGE_OFF(ph->p_offset))
		return -EINVAL;	/* Linux's mmap of the file would fail the same way */
	if (ph->p_offset > (unsigned long long)bprm->size ||
	    ph->p_filesz > (unsigned long long)bprm->size - ph->p_offset)
		return -ENOEXEC;
	return 0;
}

static unsigned int prot_of(const Elf64_Phdr *ph)
{
	return (ph->p_flags & PF_R ? PROT_READ : 0) | (ph->p_flags & PF_W ? PROT_WRITE : 0) |
	       (ph->p_flags & PF_X ? PROT_EXEC : 0);
}

/* Reads file bytes [pos, pos + len) into the frames at va (page aligned) on. */
static int read_into_mm(struct linux_binprm *bprm, unsigned long va, size_t len, long long pos)
{
	for (size_t done = 0; done < len; done += PAGE_SIZE) {
		size_t n = min(len - done, PAGE_SIZE);
		void *page = __va(user_page_frame(bprm->mm->pgd, va + done));

		if (kernel_read(bprm->file, page, n, pos + (long long)done) != (long)n)
			return -EIO;
	}
	return 0;
}

static int map_segment(struct linux_binprm *bprm, const Elf64_Phdr *ph, unsigned long bias)
{
	unsigned long va = ph->p_vaddr + bias, start = PAGE_START(va);
	unsigned long file_end = va + ph->p_filesz, end = ALIGN_UP(va + ph->p_memsz, PAGE_SIZE);
	long ret;

	if (end == start)
		return 0;	/* an empty segment maps nothing */
	ret = mmap_region_filled(bprm->mm, start, end - start, prot_of(ph), MAP_PRIVATE | VM_IMAGE,
				 PROT_READ | PROT_WRITE | PROT_EXEC);
	if (ret < 0)
		return (int)ret;
	/* The pages are fresh and zero: reading stops at file_end, and the .bss is what is left. */
	return read_into_mm(bprm, start, file_end - start,
			    (long long)(ph->p_offset - PAGE_OFF(va)));
}

/* Where the loaded program sees its own program headers (Linux 6.1: via the PT_LOAD holding them). */
static unsigned long phdr_addr(const Elf64_Ehdr *eh, const struct elf_info *ei)
{
	for (int i = 0; i < ei->phnum; i++) {
		const Elf64_Phdr *ph = &ei->phdrs[i];

		if (ph->p_type == PT_LOAD && ph->p_offset <= eh->e_phoff &&
		    eh->e_phoff < ph->p_offset + ph->p_filesz)
			return eh->e_phoff - ph->p_offset + ph->p_vaddr + ei->bias;
	}
	return 0;
}

/* argc, argv[], envp[], auxv under the strings; sets bprm->sp. */
static int create_elf_tables(struct linux_binprm *bprm, const Elf64_Ehdr *eh,
			     const struct elf_info *ei)
{
	static const char platform[] = "x86_64";
	uint64_t rnd[2], aux[AUXV_MAX * 2], *table;
	unsigned long p = bprm->p & ~15UL, u_platform, u_random, str;
	size_t items = (size_t)bprm->argc + 1 + (size_t)bprm->envc + 1 + 1, naux = 0, words;
	uint32_t a, b, c, edx;
	int err;

	p -= sizeof(platform);
	u_platform = p;
	p -= sizeof(rnd);
	u_random = p;
	get_random_bytes(rnd, sizeof(rnd));
	err = copy_to_mm(bprm->mm, u_platform, platform, sizeof(platform));
	if (!err)
		err = copy_to_mm(bprm->mm, u_random, rnd, sizeof(rnd));
	if (err)
		return err;
	cpuid(1, 0, &a, &b, &c, &edx);
#define AUX(key, val) do { aux[naux++] = (key); aux[naux++] = (val); } while (0)
	AUX(AT_HWCAP, edx);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, 100);
	AUX(AT_PHDR, phdr_addr(eh, ei));
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, ei->phnum);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, bprm->entry);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, u_random);
	AUX(AT_HWCAP2, 0);
	AUX(AT_EXECFN, bprm->exec);
	AUX(AT_PLATFORM, u_platform);
	AUX(AT_NULL, 0);
#undef AUX
	words = items + naux;
	bprm->sp = (p - naux * 8 - items * 8) & ~15UL;	/* Linux's STACK_ROUND */
	table = kmalloc(words * 8);
	if (!table)
		return -ENOMEM;
	table[0] = (uint64_t)bprm->argc;
	str = bprm->p;
	for (int i = 0; i < bprm->argc + bprm->envc; i++) {
		/* argv[i] at table[1 + i]; after argv's NULL, envp[j] at table[2 + argc + j] */
		table[1 + i + (i >= bprm->argc)] = str;
		str += bprm->lens[i];
	}
	table[1 + bprm->argc] = 0;
	table[2 + bprm->argc + bprm->envc] = 0;
	memcpy(&table[items], aux, naux * 8);
	err = copy_to_mm(bprm->mm, bprm->sp, table, words * 8);
	kfree(table);
	return err;
}

static int load_segments(struct linux_binprm *bprm, const Elf64_Ehdr *eh, struct elf_info *ei)
{
	unsigned long lowest = ~0UL, brk = 0;
	int err;

	for (int i = 0; i < ei->phnum; i++) {
		const Elf64_Phdr *ph = &ei->phdrs[i];

		if (ph->p_type == PT_INTERP) {
			err = check_interp(bprm, ph);
			if (err)
				return err;
		}
		if (ph->p_type == PT_GNU_STACK)
			ei->exec_stack = ph->p_flags & PF_X;
		if (ph->p_type == PT_LOAD)
			lowest = min(lowest, PAGE_START(ph->p_vaddr));
	}
	if (lowest == ~0UL)
		return -ENOEXEC;	/* nothing to run */
	if (eh->e_type == ET_DYN)
		ei->bias = ELF_ET_DYN_BASE - lowest;
	for (int i = 0; i < ei->phnum; i++) {
		const Elf64_Phdr *ph = &ei->phdrs[i];

		if (ph->p_type != PT_LOAD)
			continue;
		err = check_load(bprm, ph, ei->bias);
		if (err)
			return err;
	}
	for (int i = 0; i < ei->phnum; i++) {
		const Elf64_Phdr *ph = &ei->phdrs[i];

		if (ph->p_type != PT_LOAD)
			continue;
		err = map_segment(bprm, ph, ei->bias);
		if (err)
			return err;
		brk = max(brk, ph->p_vaddr + ei->bias + ph->p_memsz);
	}
	bprm->entry = eh->e_entry + ei->bias;
	if (bprm->entry >= TASK_SIZE)
		return -EINVAL;
	bprm->mm->start_brk = bprm->mm->brk = ALIGN_UP(brk, PAGE_SIZE);
	if (ei->exec_stack)
		return do_mprotect(bprm->mm, STACK_TOP - STACK_SIZE, STACK_SIZE,
				   PROT_READ | PROT_WRITE | PROT_EXEC);
	return 0;
}

int load_elf_binary(struct linux_binprm *bprm)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)bprm->buf;
	struct elf_info ei = { .phdrs = NULL };
	int err = check_header(bprm, eh);

	if (err)
		return err;
	err = read_phdrs(bprm, eh, &ei);
	if (!err)
		err = load_segments(bprm, eh, &ei);
	if (!err)
		err = create_elf_tables(bprm, eh, &ei);
	kfree(ei.phdrs);
	return err;
}
