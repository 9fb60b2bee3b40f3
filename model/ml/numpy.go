package ml

import (
	"fmt"

	"pklx/model"
)

// ArrayView is a NumPy array: its class (numpy.ndarray or a subclass),
// dtype, shape and values.
type ArrayView struct {
	Class string
	Array
	Node model.NodeID
}

// Type is the array's class.
func (v *ArrayView) Type() string { return v.Class }

// Summary is "numpy.ndarray (float64, 3×4)".
func (v *ArrayView) Summary() string {
	return fmt.Sprintf("%s (%s, %s)", v.Class, v.DType.Name(), ShapeText(v.Shape))
}

// Rows are the dtype, shape, order, where the data is, and the values.
func (v *ArrayView) Rows() []Row {
	rows := []Row{
		{Name: "dtype", Text: v.DType.Name(), Node: model.NoNode},
		{Name: "shape", Text: shapeTuple(v.Shape), Node: model.NoNode},
	}
	if v.Fortran {
		rows = append(rows, Row{Name: "order", Text: "F (column-major)", Node: model.NoNode})
	}
	if v.Where != "" {
		c, _ := v.Count()
		rows = append(rows, Row{Name: "data", Text: fmt.Sprintf("%s, %d items of %d bytes", v.Where, c, v.DType.Size), Node: model.NoNode})
	}
	rows = append(rows, Row{Name: "values", Text: v.Text(rowText), Node: model.NoNode})
	return rows
}

// WriteJSON writes the values as nested lists.
func (v *ArrayView) WriteJSON(w *JSONWriter) error { return w.Array(&v.Array) }

// arrayView reads the two ways NumPy pickles an ndarray:
// _reconstruct(cls, (0,), b'b') with a BUILD state (version, shape, dtype,
// is_fortran, rawdata), and protocol 5's _frombuffer(buffer, dtype, shape,
// order).
func arrayView(p *model.Pickle, g Graph, n model.NodeID, d int) (View, bool) {
	a := args(g, n)
	v := &ArrayView{Class: "numpy.ndarray", Node: n}
	v.P, v.depth = p, d
	if callee(g, n) == "numpy.core.numeric._frombuffer" {
		if len(a) < 3 {
			return nil, false
		}
		dt, err := ParseDType(g, a[1])
		if err != nil {
			return nil, false
		}
		shape, ok := ints(g, a[2])
		if !ok {
			return nil, false
		}
		v.DType, v.Shape = dt, shape
		if len(a) >= 4 {
			if o, ok := text(g, a[3]); ok && o == "F" {
				v.Fortran = true
			}
		}
		v.Data, v.Where, v.Missing = bufferBytes(p, a[0])
		v.validate()
		return v, true
	}
	if len(a) >= 1 {
		if c := globalName(g, a[0]); c != "" {
			v.Class = c
		}
	}
	st := lastRole(g, n, model.RoleState)
	if st < 0 || g.Kind(st) != model.KindTuple {
		return nil, false
	}
	s := items(g, st)
	if len(s) == 5 {
		s = s[1:] // (version, shape, dtype, is_fortran, rawdata)
	}
	if len(s) != 4 {
		return nil, false
	}
	shape, ok := ints(g, s[0])
	if !ok {
		return nil, false
	}
	dt, err := ParseDType(g, s[1])
	if err != nil {
		return nil, false
	}
	v.DType, v.Shape = dt, shape
	if f, ok := intOf(g, s[2]); ok && f != 0 {
		v.Fortran = true
	}
	raw := s[3]
	if dt.Kind == 'O' {
		if g.Kind(raw) == model.KindList {
			v.Objects = items(g, raw)
			v.Where = "pickled objects"
			if v.Objects == nil {
				v.Objects = []model.NodeID{}
			}
		} else {
			v.Missing = "the object items are not a list"
		}
		v.validate()
		return v, true
	}
	v.Data, v.Where, v.Missing = bufferBytes(p, raw)
	v.validate()
	return v, true
}

// bufferBytes is the data a node holds for an array: bytes, a bytearray,
// a Python 2 str, the latin-1 text of _codecs.encode (protocol 2 writes
// bytes so), bytearray(...) and bytes(...) calls, and out-of-band buffers
// the pickle's Extern knows.
func bufferBytes(p *model.Pickle, n model.NodeID) (data []byte, where, missing string) {
	if n < 0 {
		return nil, "", "no data"
	}
	switch p.Kind(n) {
	case model.KindBytes, model.KindByteArray, model.KindStr8:
		return p.Bytes(n), "pickle bytes", ""
	case model.KindBuffer:
		i := p.Node(n).Val
		if ext := p.Extern(); ext != nil {
			if b, ok := ext.ExternBytes(p, n); ok {
				return b, fmt.Sprintf("out-of-band buffer %d", i), ""
			}
		}
		return nil, fmt.Sprintf("out-of-band buffer %d", i), fmt.Sprintf("out-of-band buffer %d is not in the file", i)
	case model.KindCall:
		g := PickleGraph(p)
		a := args(g, n)
		switch callee(g, n) {
		case "_codecs.encode":
			if len(a) == 2 && p.Kind(a[0]) == model.KindStr {
				rs := p.StrRunes(a[0])
				b := make([]byte, len(rs))
				for i, r := range rs {
					if r > 0xff {
						return nil, "", "the data is not latin-1 text"
					}
					b[i] = byte(r)
				}
				return b, "pickle bytes (latin-1 text)", ""
			}
		case "builtins.bytearray", "builtins.bytes":
			if len(a) == 0 {
				return []byte{}, "pickle bytes", ""
			}
			if len(a) == 1 {
				return bufferBytes(p, a[0])
			}
		}
	}
	return nil, "", "the data is a " + p.Kind(n).String() + ", not bytes"
}

// ScalarView is a NumPy scalar (numpy.float64(3.25)).
type ScalarView struct {
	DType DType
	Value any
	Node  model.NodeID
	p     *model.Pickle
	depth int
}

// Type is "numpy.float64" and the like.
func (v *ScalarView) Type() string { return "numpy." + v.DType.Name() }

// Summary is "numpy.float64(3.25)".
func (v *ScalarView) Summary() string { return v.Type() + "(" + v.text() + ")" }

func (v *ScalarView) text() string {
	if n, ok := v.Value.(model.NodeID); ok {
		return inlineNode(v.p, n, v.depth+1)
	}
	return formatElem(v.Value, 8*v.DType.Size)
}

// Rows are the dtype and the value.
func (v *ScalarView) Rows() []Row {
	return []Row{{Name: "dtype", Text: v.DType.Name(), Node: model.NoNode}, {Name: "value", Text: v.text(), Node: model.NoNode}}
}

// WriteJSON writes the value.
func (v *ScalarView) WriteJSON(w *JSONWriter) error {
	if n, ok := v.Value.(model.NodeID); ok {
		return w.Node(n)
	}
	return w.Value(v.Value)
}

// scalarView reads numpy.core.multiarray.scalar(dtype, bytes).
func scalarView(p *model.Pickle, g Graph, n model.NodeID, d int) (View, bool) {
	a := args(g, n)
	if len(a) < 1 {
		return nil, false
	}
	dt, err := ParseDType(g, a[0])
	if err != nil {
		return nil, false
	}
	v := &ScalarView{DType: dt, Node: n, p: p, depth: d}
	if dt.Kind == 'O' {
		if len(a) < 2 {
			return nil, false
		}
		v.Value = a[1]
		return v, true
	}
	if len(a) < 2 {
		return nil, false
	}
	b, _, missing := bufferBytes(p, a[1])
	if missing != "" || len(b) < dt.Size || dt.Size <= 0 {
		return nil, false
	}
	v.Value = elem(dt, b, 0)
	return v, true
}

// DTypeView is a pickled numpy.dtype.
type DTypeView struct{ DType DType }

// Type is "numpy.dtype".
func (v *DTypeView) Type() string { return "numpy.dtype" }

// Summary is "dtype('float64')".
func (v *DTypeView) Summary() string {
	if len(v.DType.Fields) > 0 {
		return "dtype(" + v.DType.Name() + ")"
	}
	return "dtype(" + quote(v.DType.Name()) + ")"
}

// Rows are the type string, item size and fields.
func (v *DTypeView) Rows() []Row {
	rows := []Row{{Name: "str", Text: v.DType.Str(), Node: model.NoNode},
		{Name: "itemsize", Text: fmt.Sprint(v.DType.Size), Node: model.NoNode}}
	for _, f := range v.DType.Fields {
		rows = append(rows, Row{Name: quote(f.Name), Text: fmt.Sprintf("%s at offset %d", f.Type.Name(), f.Offset), Node: model.NoNode})
	}
	return rows
}

// joblibArrayView reads joblib's NumpyArrayWrapper, whose array bytes
// follow its BUILD in the file: the pickle's Extern holds them.
func joblibArrayView(p *model.Pickle, g Graph, n, state model.NodeID, d int) (View, bool) {
	w, err := ReadWrapper(g, n)
	if err != nil {
		return nil, false
	}
	v := &ArrayView{Class: w.Class, Node: n}
	v.P, v.depth = p, d
	v.DType, v.Shape, v.Fortran = w.DType, w.Shape, w.Fortran
	v.Where = "joblib inline data"
	if w.DType.Kind == 'O' {
		v.Where = "joblib inline pickle"
		v.Missing = "joblib wrote the object items as a pickle of their own, after this object"
		return v, true
	}
	if ext := p.Extern(); ext != nil {
		if b, ok := ext.ExternBytes(p, n); ok {
			v.Data = b
		}
	}
	if v.Data == nil {
		v.Missing = "the array bytes follow the pickle op in the file; open the file itself to read them"
	}
	v.validate()
	return v, true
}

// Wrapper is what a joblib NumpyArrayWrapper says about the array whose
// bytes follow it.
type Wrapper struct {
	Class   string // the array's class (numpy.ndarray, numpy.memmap, ...)
	DType   DType
	Shape   []int64
	Fortran bool
	// Align is numpy_array_alignment_bytes (joblib >= 1.2 writes a padding
	// length byte and padding before the data when it is set), 0 if none.
	Align int64
}

// ReadWrapper reads a NumpyArrayWrapper (NEWOBJ + BUILD state dict with
// subclass, shape, order, dtype, allow_mmap, numpy_array_alignment_bytes).
// Container readers call it on a decode in progress to size the raw data.
func ReadWrapper(g Graph, n model.NodeID) (Wrapper, error) {
	var w Wrapper
	class, st, ok := instance(g, n)
	if !ok || class != "joblib.numpy_pickle.NumpyArrayWrapper" {
		return w, fmt.Errorf("not a joblib NumpyArrayWrapper")
	}
	if st < 0 || g.Kind(st) != model.KindDict {
		return w, fmt.Errorf("NumpyArrayWrapper without a state dict")
	}
	w.Class = "numpy.ndarray"
	if c := globalName(g, get(g, st, "subclass")); c != "" {
		w.Class = c
	}
	shape, ok := ints(g, get(g, st, "shape"))
	if !ok {
		return w, fmt.Errorf("NumpyArrayWrapper shape is not a tuple of ints")
	}
	if _, ok := shapeCount(shape); !ok {
		return w, fmt.Errorf("NumpyArrayWrapper shape %v is not valid", shape)
	}
	w.Shape = shape
	d, err := ParseDType(g, get(g, st, "dtype"))
	if err != nil {
		return w, fmt.Errorf("NumpyArrayWrapper dtype: %w", err)
	}
	w.DType = d
	if o, ok := text(g, get(g, st, "order")); ok && o == "F" {
		w.Fortran = true
	}
	if al, ok := intOf(g, get(g, st, "numpy_array_alignment_bytes")); ok && al > 0 && al <= 256 {
		w.Align = al
	}
	return w, nil
}

// DataLen is the number of array bytes (without padding) after the
// wrapper, and false for object arrays (a pickle follows instead).
func (w Wrapper) DataLen() (int64, bool) {
	if w.DType.Kind == 'O' {
		return 0, false
	}
	c, ok := shapeCount(w.Shape)
	if !ok || w.DType.Size > 0 && c > (1<<62)/int64(w.DType.Size) {
		return 0, false
	}
	return c * int64(w.DType.Size), true
}
