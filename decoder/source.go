package decoder

import (
	"io"
	"os"
)

// Source is the bytes of an input file, memory-mapped read-only where the
// platform allows (standard input is read into memory). Close releases it;
// the bytes, and every model built on them, must not be used after Close.
type Source struct {
	Name     string
	Data     []byte
	unmap    func() error
	released int64 // Data[:released] has been given back by Release
}

// Release gives back the resident memory of the mapped pages of
// Data[:upTo]: a decode that has read past them calls it (as
// Options.Release), so a file of gigabytes does not stay resident as a
// whole. The bytes stay valid; pages touched later are read back from the
// page cache. It does nothing when Data is not a file mapping.
func (s *Source) Release(upTo int64) {
	if s.unmap == nil {
		return
	}
	page := int64(os.Getpagesize())
	end := min(upTo, int64(len(s.Data))) &^ (page - 1)
	if end <= s.released {
		return
	}
	dropPages(s.Data[s.released:end])
	s.released = end
}

// Close releases the mapping.
func (s *Source) Close() error {
	if s.unmap != nil {
		u := s.unmap
		s.unmap = nil
		s.Data = nil
		return u()
	}
	return nil
}

// Open maps the file at path read-only ("-" reads standard input). The file
// is never written.
func Open(path string) (*Source, error) {
	if path == "-" {
		b, err := io.ReadAll(os.Stdin)
		if err != nil {
			return nil, err
		}
		return &Source{Name: "-", Data: b}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &os.PathError{Op: "open", Path: path, Err: errIsDir}
	}
	if data, unmap, ok := mmapFile(f, st.Size()); ok {
		return &Source{Name: path, Data: data, unmap: unmap}, nil
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return &Source{Name: path, Data: b}, nil
}

type isDirError struct{}

func (isDirError) Error() string { return "is a directory" }

var errIsDir error = isDirError{}
