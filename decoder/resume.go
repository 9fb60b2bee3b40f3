package decoder

import (
	"bytes"

	"pklx/model"
)

// SkipFunc decides, after a BUILD op, how many bytes right after the op are
// raw data that belong to the object BUILD just finished, rather than ops.
// joblib writes a NumpyArrayWrapper's array data there, and its unpickler
// reads them when it runs that BUILD. Returning 0 decodes on as usual; an
// error stops the decode at the BUILD (wrapped with ErrBadArgument).
//
// The Peek is valid only during the call; node IDs stay valid, and are the
// IDs the finished Pickle gives the same nodes.
type SkipFunc func(pk *Peek) (skip int64, err error)

// Gap is a run of raw bytes between two ops of one pickle stream.
type Gap struct {
	Op   int          // index of the op the gap follows (a BUILD)
	Node model.NodeID // the object that BUILD finished
	At   int64        // where the gap was cut out of Skipped.Data
	Span model.Span   // the gap's bytes in the input
}

// Skipped is a pickle stream with raw bytes between its ops, decoded by
// DecodeSkipping.
type Skipped struct {
	// Pickle is the stream decoded over Data: the stream's bytes with the
	// gaps cut out, so that its ops tile Data as in any pickle. When there
	// are no gaps, Data is the input itself and offsets are the input's.
	Pickle *model.Pickle
	Data   []byte
	// Start is where the stream starts in the input (offset 0 of Data
	// when there are gaps).
	Start int64
	// Gaps are the raw runs, in order.
	Gaps []Gap
}

// InputOffset maps an offset of Data to the input's offset of the same byte.
func (s *Skipped) InputOffset(off int64) int64 {
	if len(s.Gaps) == 0 {
		return off
	}
	in := s.Start + off
	for _, g := range s.Gaps {
		if g.At > off {
			break
		}
		in += g.Span.Len()
	}
	return in
}

// DecodeSkipping decodes the pickle that starts at offset start of data,
// asking skip after every BUILD how many raw bytes follow it, and stepping
// over them. The model needs ops that tile their bytes, so the stream is
// decoded twice: once to find the gaps, and once over a copy of the stream
// without them (which is Skipped.Data), or over data itself when there
// are none. The error is the decode's, as from DecodeOne; a SkipFunc
// error or a gap longer than the bytes that remain stops the decode at
// the BUILD.
//
// The first pass's model is thrown away, so it does not reserve room from
// the size of data (most of which, in a joblib file, is array bytes): it
// grows as it goes.
func DecodeSkipping(data []byte, start int64, opts Options, skip SkipFunc) (*Skipped, error) {
	d := &decoder{data: data, pos: start, opts: opts, proto: -1, hook: &hook{skip: skip},
		b: model.NewBuilder(data[:min(int64(len(data)), start+firstPassReserve)], start)}
	p := d.run()
	gaps := d.hook.gaps
	if len(gaps) == 0 {
		q := newDecoder(data, start, opts, 0)
		if h := d.hook; h.failed {
			// Decode again to the same failure, replaying the SkipFunc's
			// answer at the BUILD where it stopped (it is not asked again).
			q.hook = &hook{skip: func(pk *Peek) (int64, error) {
				if int(pk.d.op) == h.failOp {
					return h.failN, h.failErr
				}
				return 0, nil
			}}
		}
		r := q.run()
		return &Skipped{Pickle: r, Data: data, Start: start}, r.Err()
	}
	end := p.Span().End
	var cut int64
	for _, g := range gaps {
		cut += g.Span.Len()
	}
	spliced := make([]byte, 0, end-start-cut)
	at := start
	for i, g := range gaps {
		spliced = append(spliced, data[at:g.Span.Start]...)
		gaps[i].At = int64(len(spliced))
		at = g.Span.End
	}
	spliced = append(spliced, data[at:end]...)
	q := newDecoder(spliced, 0, opts, 0).run()
	err := q.Err()
	if perr := p.Err(); perr != nil {
		// The first pass failed at a gap (or before the end of the copy):
		// its error, at the input's offset, is the truthful one.
		err = perr
	}
	return &Skipped{Pickle: q, Data: spliced, Start: start, Gaps: gaps}, err
}

// firstPassReserve is the input size DecodeSkipping's first pass reserves
// model room for.
const firstPassReserve = 1 << 20

// hook is what a decode with a SkipFunc keeps beside the model, so that
// the SkipFunc can read the graph while it is being built.
type hook struct {
	skip  SkipFunc
	off   []int64  // per node: offset of the op that made it
	val   []uint64 // per node: the model's Val, for what Peek reads (ints, bools, STACK_GLOBAL)
	last  []int32  // per node: its last edge in edges, or -1
	edges []hookEdge
	gaps  []Gap
	// The SkipFunc answer that stopped the decode, if one did.
	failed  bool
	failOp  int
	failN   int64
	failErr error
}

type hookEdge struct {
	key, val model.NodeID
	prev     int32 // the parent's previous edge, or -1
}

func (h *hook) node(off int64, val uint64) {
	h.off = append(h.off, off)
	h.val = append(h.val, val)
	h.last = append(h.last, -1)
}

func (h *hook) edge(parent, key, val model.NodeID, op uint32) {
	h.edges = append(h.edges, hookEdge{key: key, val: val, prev: h.last[parent]})
	h.last[parent] = int32(len(h.edges) - 1)
}

// afterBuild asks the SkipFunc about the BUILD just decoded and steps over
// the raw bytes it names.
func (h *hook) afterBuild(d *decoder, target, state model.NodeID) error {
	n, err := h.skip(&Peek{d: d, target: target, state: state})
	if err != nil {
		h.failed, h.failOp, h.failN, h.failErr = true, int(d.op), n, err
		return d.fail(ErrBadArgument, "%v", err)
	}
	if n <= 0 {
		return nil
	}
	if rem := int64(len(d.data)) - d.pos; n > rem {
		h.failed, h.failOp, h.failN, h.failErr = true, int(d.op), n, nil
		return d.fail(ErrTruncated, "%d bytes of raw data follow the op, but only %d remain", n, rem)
	}
	h.gaps = append(h.gaps, Gap{Op: int(d.op), Node: target, Span: model.Span{Start: d.pos, End: d.pos + n}})
	d.pos += n
	return nil
}

// Peek is a read-only look at a decode in progress, given to a SkipFunc.
type Peek struct {
	d             *decoder
	target, state model.NodeID
}

// Data is the input being decoded.
func (pk *Peek) Data() []byte { return pk.d.data }

// Offset is where raw bytes after the BUILD would start: the end of the op.
func (pk *Peek) Offset() int64 { return pk.d.pos }

// Target is the object BUILD was applied to.
func (pk *Peek) Target() model.NodeID { return pk.target }

// State is the state BUILD applied.
func (pk *Peek) State() model.NodeID { return pk.state }

// NumNodes is the number of nodes made so far.
func (pk *Peek) NumNodes() int { return len(pk.d.hook.off) }

// Kind is the kind of node n (KindInvalid for NoNode or an ID not made
// yet: every method answers "nothing" for those).
func (pk *Peek) Kind(n model.NodeID) model.Kind {
	if n < 0 || int(n) >= len(pk.d.hook.off) {
		return model.KindInvalid
	}
	return pk.d.b.NodeKind(n)
}

// Int is the value of a KindInt or KindBool node (0 for other kinds).
func (pk *Peek) Int(n model.NodeID) int64 {
	switch pk.Kind(n) {
	case model.KindInt, model.KindBool:
		return int64(pk.d.hook.val[n])
	}
	return 0
}

// Text is the payload of a str, Python 2 str or bytes node, as written
// (UTF-8 for str; protocol 0 escapes are not undone). ok is false for
// other kinds.
func (pk *Peek) Text(n model.NodeID) (string, bool) {
	switch pk.Kind(n) {
	case model.KindStr, model.KindStr8, model.KindBytes, model.KindByteArray:
	default:
		return "", false
	}
	data := pk.d.data
	off := pk.d.hook.off[n]
	info := model.Ops[data[off]]
	end := model.OpEnd(data, off)
	arg := data[off+1 : end]
	switch {
	case info.Arg.Counted():
		return string(arg[info.Arg.FixedLen():]), true
	case info.Arg.Lines() == 1:
		arg = bytes.TrimSuffix(arg, []byte{'\n'})
		if data[off] == model.OpString {
			s, _ := model.UnquoteString(bytes.TrimRight(arg, " \t\r"))
			return string(s), true
		}
		return string(arg), true
	}
	return "", false
}

// Global is the module and name of a KindGlobal node, as written.
func (pk *Peek) Global(n model.NodeID) (module, name string) {
	if pk.Kind(n) != model.KindGlobal {
		return "", ""
	}
	data := pk.d.data
	off := pk.d.hook.off[n]
	switch data[off] {
	case model.OpGlobal, model.OpInst:
		arg := data[off+1 : model.OpEnd(data, off)]
		m, rest, _ := bytes.Cut(arg, []byte{'\n'})
		return string(m), string(bytes.TrimSuffix(rest, []byte{'\n'}))
	case model.OpStackGlobal:
		v := pk.d.hook.val[n]
		m, _ := pk.Text(model.NodeID(v >> 32))
		nm, _ := pk.Text(model.NodeID(uint32(v)))
		return m, nm
	}
	return "", ""
}

// Edges are node n's edges so far, in the order the ops added them. The
// slice is new.
func (pk *Peek) Edges(n model.NodeID) []model.Edge {
	if pk.Kind(n) == model.KindInvalid {
		return nil
	}
	h := pk.d.hook
	k := 0
	for i := h.last[n]; i >= 0; i = h.edges[i].prev {
		k++
	}
	out := make([]model.Edge, k)
	for i := h.last[n]; i >= 0; i = h.edges[i].prev {
		k--
		e := h.edges[i]
		out[k] = model.Edge{Key: e.key, Val: e.val}
	}
	return out
}
