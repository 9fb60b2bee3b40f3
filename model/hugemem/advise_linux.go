package hugemem

import (
	"syscall"
	"unsafe"
)

// advisable is whether this system takes huge-page advice.
const advisable = true

// madvHugepage is MADV_HUGEPAGE from <linux/mman.h>.
const madvHugepage = 14

// advise asks for huge pages over the n bytes at p, from one huge-page
// boundary to another.
func advise(p unsafe.Pointer, n uintptr) {
	_ = syscall.Madvise(unsafe.Slice((*byte)(p), n), madvHugepage)
}
