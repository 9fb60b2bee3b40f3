package export

import (
	"pklx/model"
	"pklx/model/ml"
)

// writeView writes, in plain mode, an object model/ml recognises as its
// plain value at depth d: an array or tensor as nested lists of its
// values (or {"$npy": path, ...} with Options.NPY), a DataFrame as
// {"$class": "pandas.DataFrame", "index": [...], "columns": {...}}, a
// datetime as its ISO string, a Decimal as its string, a complex number
// as {"real": x, "imag": y}. Bytes written count towards MaxBytes.
func (e *enc) writeView(v ml.JSONer, d int) error {
	cw := &countingWriter{e: e}
	err := ml.WriteJSON(cw, e.p, v, ml.JSONOptions{Indent: e.indent, Depth: d, NPY: e.npy})
	if err != nil && e.err == nil {
		e.err = err
	}
	return nil
}

// plainView is the recognised view of n when it has a plain JSON form.
func (e *enc) plainView(n model.NodeID) (ml.JSONer, bool) {
	if e.typed || e.p.Node(n).Kind != model.KindCall {
		return nil, false
	}
	return ml.Plain(e.p, n)
}

// countingWriter writes to the encoder's buffer and counts the bytes.
type countingWriter struct{ e *enc }

func (c *countingWriter) Write(b []byte) (int, error) {
	c.e.out += int64(len(b))
	if c.e.err != nil {
		return 0, c.e.err
	}
	return c.e.w.Write(b)
}
