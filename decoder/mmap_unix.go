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
