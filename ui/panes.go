package ui

import (
	"pklx/model"
	"pklx/ui/glyphtext"
	"pklx/ui/hexview"
	"pklx/ui/traceview"
)

// newTracePane is the opcode trace (ui/traceview), drawing its rows with
// face (monospace) and calling onSelected when the user picks an op.
func newTracePane(face *glyphtext.Face, onSelected func(op int)) tracePane {
	v := traceview.NewWithFace(face)
	v.OnSelected = onSelected
	return v
}

// newHexPane is the hex view (ui/hexview), drawing its rows with face
// (monospace) and calling onTapped when the user taps a byte and onHover as
// the pointer moves over the bytes.
func newHexPane(face *glyphtext.Face, onTapped, onHover func(off int64)) hexPane {
	v := hexview.NewWithFace(face)
	v.OnByteTapped = onTapped
	v.OnHover = onHover
	return v
}

// indexedTrace is a trace that takes a MARK index built off the UI thread.
type indexedTrace interface {
	SetPickleIndex(p *model.Pickle, x *traceview.Index)
}

// traceIndexes builds the trace's MARK index of every pickle of f. It runs
// on the decoding goroutine (about 10 ns per op).
func traceIndexes(f *model.File) []*traceview.Index {
	out := make([]*traceview.Index, len(f.Pickles))
	for i, p := range f.Pickles {
		out[i] = traceview.NewIndex(p)
	}
	return out
}
