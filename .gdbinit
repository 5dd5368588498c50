# Used by `make gdb`: QEMU waits on :1234 with the CPU halted before the
# first instruction.  Start gdb from the project root (you may need
# "set auto-load safe-path /" in ~/.gdbinit for gdb to read this file).
file build/ringlet.elf
target remote :1234
set disassembly-flavor intel
break kmain
