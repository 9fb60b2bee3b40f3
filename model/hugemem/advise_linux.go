package hugemem

import (
	"syscall"
	"unsafe"
)

// advisable is whether this system takes huge-page advice.
const advisable = true

// madvHugepage is MADV_HUGEPAGE from <linux/mman.h>.
const madvHugepage = 14

// advise asks for huge pages over b and the skip bytes before it, which
// start at a huge-page boundary; b ends at one.
func advise(b []byte, skip uintptr) {
	p := unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), -int(skip))
	_ = syscall.Madvise(unsafe.Slice((*byte)(p), uintptr(len(b))+skip), madvHugepage)
}
