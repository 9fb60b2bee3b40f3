package model

// Extern resolves what a pickle's objects refer to outside its own ops:
// the storages a PyTorch checkpoint's persistent ids name (its data/<key>
// zip members, or the raw storages after a legacy checkpoint's pickles),
// the out-of-band buffers of protocol 5, and the array bytes joblib writes
// between ops. A container reader attaches one with Pickle.With; a plain
// pickle has none. Implementations are immutable and safe for concurrent
// use.
type Extern interface {
	// ExternBytes is the raw data node n stands for and whether it is known:
	// for a persistent id, the storage it names; for an out-of-band buffer,
	// the buffer; for an object joblib wrote raw bytes after, those bytes.
	// The slice must not be modified.
	ExternBytes(p *Pickle, n NodeID) ([]byte, bool)
}

// Extern is what the container reader attached to the pickle, or nil.
func (p *Pickle) Extern() Extern { return p.ext }

// With is a copy of p that shares its ops, graph and bytes, and names
// source as where it came from (see Source) and ext as its Extern.
// Container readers label the pickles they decode with it.
func (p *Pickle) With(source string, ext Extern) *Pickle {
	q := *p
	q.source = source
	q.ext = ext
	return &q
}
