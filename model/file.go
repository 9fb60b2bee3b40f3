package model

// File is everything decoded from one input: the pickles it holds back to
// back, in order, and any trailing bytes that are not a pickle.
type File struct {
	Name     string    // a display name: the path, "-" for standard input
	Data     []byte    // the whole input (possibly memory-mapped; never modified)
	Format   string    // what the bytes are: "pickle", or a container such as "pytorch zip", "joblib", "gzip"
	Notes    []string  // what the reader found out about the file (diagnoses, container details), in plain words
	Pickles  []*Pickle // in file order; never empty after a decode
	Trailing Span      // bytes after the last pickle that do not form one (empty if none)
}

// Err is the first decoding error among the pickles, or nil.
func (f *File) Err() error {
	for _, p := range f.Pickles {
		if p.Err() != nil {
			return p.Err()
		}
	}
	return nil
}

// PickleAt is the index of the pickle whose bytes contain offset, or -1.
func (f *File) PickleAt(off int64) int {
	for i, p := range f.Pickles {
		if p.Span().Contains(off) {
			return i
		}
	}
	return -1
}
