//go:build unix

package decoder

import (
	"os"
	"syscall"
)

// mmapFile maps size bytes of f read-only and privately.
func mmapFile(f *os.File, size int64) ([]byte, func() error, bool) {
	if size <= 0 || size != int64(int(size)) {
		return nil, nil, false
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		return nil, nil, false
	}
	return b, func() error { return syscall.Munmap(b) }, true
}

// dropPages tells the kernel that the mapped pages of b (page-aligned) are
// not needed now: they leave the process's resident set and are read back
// from the page cache, unchanged, if touched again. Only for read-only file
// mappings: on anonymous memory this would zero the pages.
func dropPages(b []byte) {
	_ = syscall.Madvise(b, syscall.MADV_DONTNEED)
}
