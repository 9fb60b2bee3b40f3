//go:build !unix

package decoder

import "os"

// mmapFile is unavailable here: the caller reads the file instead.
func mmapFile(f *os.File, size int64) ([]byte, func() error, bool) { return nil, nil, false }

// dropPages does nothing where files are not mapped.
func dropPages(b []byte) {}
