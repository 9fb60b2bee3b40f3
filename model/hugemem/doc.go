// Package hugemem allocates the big arrays of plain data that a decoded
// pickle is made of (op index, nodes, edges, owners, the memo) so that the
// kernel can back them with 2 MiB pages.
//
// A fresh 4 KiB page costs one page fault when it is first written; on a
// virtual machine that fault is dear (about 14 µs, 3.7 ms per MiB, on the
// machine of BENCHMARKS.md, against 0.07 ms per MiB with 2 MiB pages). Go
// neither aligns nor advises its heap for huge pages, so Make places an
// array at a 2 MiB boundary inside a slightly larger allocation and asks
// the kernel (madvise MADV_HUGEPAGE) to use huge pages for the whole of it.
// It is only advice: where the kernel declines, or off Linux, the array is
// an ordinary one.
//
// Only types without pointers belong here: the slice returned may point
// into the middle of its allocation, which the garbage collector handles,
// but the padding around it is never used.
package hugemem
