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

// Preview is a copy of p, a pickle decoded from the first bytes of a longer
// one, to show while the rest decodes: its root is the object at the
// bottom of the stack where decoding stopped (the top-level object the
// pickler was filling, with what had been added to it by then), and it has
// neither a stack nor an error. Node and op numbers are those the full
// decode will give the same objects and ops. whole is the whole input,
// of which p's Data is a prefix; it becomes the copy's Data. Without an
// object on the stack there is nothing to show: the result is nil.
func (p *Pickle) Preview(whole []byte) *Pickle {
	q := *p
	if len(whole) >= len(p.data) && len(p.data) > 0 && &whole[0] == &p.data[0] {
		q.data = whole
	}
	q.root = NoNode
	for _, s := range p.stack {
		if !s.Mark {
			q.root = s.Node
			break
		}
	}
	if q.root == NoNode {
		return nil
	}
	q.stack, q.err, q.complete = nil, nil, false
	return &q
}

// WithOps is a copy of p, a Preview, whose op index is x's: an index-only
// pass (decoder.IndexOps) over the same bytes that went further. The trace
// of the copy shows every op of the file while its graph still holds only
// what the preview decoded; ops past the graph make and change no node.
// If x did not get as far as p, p itself is returned.
func (p *Pickle) WithOps(x *Pickle) *Pickle {
	if x.numOps < p.numOps || x.start != p.start || len(x.data) < len(p.data) {
		return p
	}
	q := *p
	q.data, q.opCheck, q.numOps, q.end = x.data, x.opCheck, x.numOps, x.end
	return &q
}
