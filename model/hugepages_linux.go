package model

import (
	"syscall"
	"unsafe"
)

// adviseHuge asks the kernel to back the array behind s (its whole
// capacity) with huge pages. The model's big arrays are filled once, front
// to back; with 4 KiB pages the page faults alone cost a third of a large
// decode. It is only advice: nothing changes when the kernel declines.
func adviseHuge[T any](s []T) {
	var z T
	n := uintptr(cap(s)) * unsafe.Sizeof(z)
	const huge = 2 << 20
	if n < 2*huge {
		return
	}
	p := unsafe.Pointer(unsafe.SliceData(s[:1]))
	base := uintptr(p)
	skip := (huge - base%huge) % huge
	length := (n - skip) &^ (huge - 1)
	if length == 0 {
		return
	}
	_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, skip)), length), 14) // MADV_HUGEPAGE
}
