//go:build linux && cgo

package ui

/*
#include <malloc.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

// pklx_prepare_heap: see prepareHeap.
static void pklx_prepare_heap(size_t pad) {
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_TOP_PAD, pad);
	// Grow the heap now, by the pad and then some, while nothing else
	// runs, and advise the stretch it grew by.
	const size_t huge = 2 << 20;
	size_t before = (size_t)sbrk(0);
	// More than the top of the heap has free; volatile, or the compiler
	// drops the malloc and free as having no effect.
	void *volatile p = malloc(16 << 20);
	free(p);
	size_t start = (before + huge - 1) & ~(huge - 1);
	size_t end = (size_t)sbrk(0) & ~(huge - 1);
	if (end > start) {
		madvise((void *)start, end - start, 14); // MADV_HUGEPAGE
	}
}
*/
import "C"

// heapPad is how far the C heap grows ahead of its use at start-up: room
// for the textures of several full windows.
const heapPad = 64 << 20

// prepareHeap readies the C heap of the thread that paints (the main
// thread, which must call it) for texture memory. Mesa's software
// rasterizer (llvmpipe: Xvfb, virtual machines, desktops without a GPU
// driver) keeps every texture in memory from malloc and clears or copies
// into it when a texture is made: a screenful of new rows is megabytes of
// fresh pages, and each 4 KiB page costs a page fault (about 14 µs on a
// virtual machine: 25-30 ms of the window's heaviest frame). glibc is told
// to keep textures in its heap rather than in mappings of their own, to
// keep freed memory for the next textures, and to grow the heap by heapPad
// at once; that stretch is advised for 2 MiB pages, one fault each. None of
// this changes what is drawn; where the kernel declines huge pages it
// changes nothing but the reuse.
func prepareHeap() { C.pklx_prepare_heap(C.size_t(heapPad)) }
