package ml

import (
	"bufio"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"pklx/model"
	"pklx/model/pyrepr"
)

// JSONOptions shape the plain JSON a view writes.
type JSONOptions struct {
	// Indent is one level of indentation ("" writes compact JSON); the
	// layout is that of Python's json.dumps(indent=...).
	Indent string
	// Depth is the nesting level the value starts at, so that a view
	// written inside a bigger document lines up with it.
	Depth int
	// Node writes a pickle node a view holds as a value (an object array's
	// items, a DataFrame's object column cells) at the given depth; nil
	// writes simple values as JSON and anything else as its summary text.
	Node func(w io.Writer, n model.NodeID, depth int) error
	// NPY, when set, is called for each array instead of writing its
	// values: it stores the array (see NPYDir) and returns the reference
	// written as {"$npy": ref, "dtype": ..., "shape": [...]}.
	NPY func(a *Array) (ref string, err error)
}

// JSONWriter writes plain JSON for views. Its methods record the first
// error and do nothing after it.
type JSONWriter struct {
	w     *bufio.Writer
	opts  JSONOptions
	p     *model.Pickle
	depth int
	first []bool // per open container: no member written yet
	err   error
	num   []byte
	// afterKey is set between a Key and its value.
	afterKey bool
	// nest counts the views being written inside one another (object
	// items that are arrays...), so that a cycle ends.
	nest int
}

// WriteJSON writes view v of p as plain JSON to w. It returns an error
// when v has no plain JSON form (it is not a JSONer).
func WriteJSON(w io.Writer, p *model.Pickle, v View, opts JSONOptions) error {
	j, ok := v.(JSONer)
	if !ok {
		return errors.New("ml: " + v.Type() + " has no plain JSON form")
	}
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriter(w)
	}
	jw := &JSONWriter{w: bw, opts: opts, p: p, depth: opts.Depth}
	if err := j.WriteJSON(jw); err != nil {
		return err
	}
	if jw.err != nil {
		return jw.err
	}
	return bw.Flush()
}

// Plain is the view of node n when it has a plain JSON form.
func Plain(p *model.Pickle, n model.NodeID) (JSONer, bool) {
	v, ok := Recognize(p, n)
	if !ok {
		return nil, false
	}
	j, ok := v.(JSONer)
	return j, ok
}

func (w *JSONWriter) raw(s string) {
	if w.err == nil {
		_, w.err = w.w.WriteString(s)
	}
}

func (w *JSONWriter) newline() {
	if w.opts.Indent == "" {
		return
	}
	w.raw("\n")
	for i := 0; i < w.depth; i++ {
		w.raw(w.opts.Indent)
	}
}

// sep starts a value: a member of the open container, or the value after
// a Key.
func (w *JSONWriter) sep() {
	if w.afterKey {
		w.afterKey = false
		return
	}
	if len(w.first) == 0 {
		return
	}
	top := len(w.first) - 1
	if !w.first[top] {
		w.raw(",")
	}
	w.first[top] = false
	w.newline()
}

func (w *JSONWriter) open(c string) {
	w.sep()
	w.raw(c)
	w.first = append(w.first, true)
	w.depth++
}

func (w *JSONWriter) close(c string) {
	top := len(w.first) - 1
	empty := w.first[top]
	w.first = w.first[:top]
	w.depth--
	if !empty {
		w.newline()
	}
	w.raw(c)
}

// BeginList, EndList, BeginObject, Key and EndObject write containers.
func (w *JSONWriter) BeginList() { w.open("[") }

// EndList closes a list.
func (w *JSONWriter) EndList() { w.close("]") }

// BeginObject opens an object.
func (w *JSONWriter) BeginObject() { w.open("{") }

// EndObject closes an object.
func (w *JSONWriter) EndObject() { w.close("}") }

// Key writes an object member's key; the value follows.
func (w *JSONWriter) Key(k string) {
	w.sep()
	w.str(k)
	if w.opts.Indent == "" {
		w.raw(":")
	} else {
		w.raw(": ")
	}
	w.afterKey = true
}

// str writes a JSON string as json.dumps does (ensure_ascii).
func (w *JSONWriter) str(s string) {
	if w.err != nil {
		return
	}
	w.num = appendJSONString(w.num[:0], s)
	_, w.err = w.w.Write(w.num)
}

func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for _, r := range s {
		switch {
		case r == '"':
			dst = append(dst, '\\', '"')
		case r == '\\':
			dst = append(dst, '\\', '\\')
		case r == '\n':
			dst = append(dst, '\\', 'n')
		case r == '\r':
			dst = append(dst, '\\', 'r')
		case r == '\t':
			dst = append(dst, '\\', 't')
		case r == '\b':
			dst = append(dst, '\\', 'b')
		case r == '\f':
			dst = append(dst, '\\', 'f')
		case r < 0x20 || r >= 0x7f:
			if r > 0xffff {
				r -= 0x10000
				dst = appendU(dst, 0xd800+(r>>10))
				dst = appendU(dst, 0xdc00+(r&0x3ff))
			} else {
				dst = appendU(dst, r)
			}
		default:
			dst = append(dst, byte(r))
		}
	}
	return append(dst, '"')
}

func appendU(dst []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(dst, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
}

// String writes a string value.
func (w *JSONWriter) String(s string) {
	w.sep()
	w.str(s)
}

// Number writes a literal JSON number.
func (w *JSONWriter) Number(s string) {
	w.sep()
	w.raw(s)
}

// Float writes a float as Python's json.dumps does, and nan, inf and -inf
// as {"$float": "nan"} and so on.
func (w *JSONWriter) Float(f float64) {
	switch {
	case math.IsNaN(f):
		w.tagged("$float", "nan")
	case math.IsInf(f, 1):
		w.tagged("$float", "inf")
	case math.IsInf(f, -1):
		w.tagged("$float", "-inf")
	default:
		w.Number(pyrepr.Float(f))
	}
}

func (w *JSONWriter) tagged(k, v string) {
	w.BeginObject()
	w.Key(k)
	w.String(v)
	w.EndObject()
}

// Null writes null.
func (w *JSONWriter) Null() { w.Number("null") }

// Bool writes true or false.
func (w *JSONWriter) Bool(b bool) {
	if b {
		w.Number("true")
	} else {
		w.Number("false")
	}
}

// Value writes an item decoded from array bytes (see Array.At).
func (w *JSONWriter) Value(v any) error {
	switch x := v.(type) {
	case nil:
		w.Null()
	case bool:
		w.Bool(x)
	case int64:
		w.Number(strconv.FormatInt(x, 10))
	case uint64:
		w.Number(strconv.FormatUint(x, 10))
	case float64:
		w.Float(x)
	case complex128:
		// As model/export writes builtins.complex in plain mode.
		w.BeginObject()
		w.Key("real")
		w.Float(real(x))
		w.Key("imag")
		w.Float(imag(x))
		w.EndObject()
	case string:
		w.String(x)
	case []byte:
		w.tagged("$bytes", base64.StdEncoding.EncodeToString(x))
	case DateTime64:
		if x.Count == math.MinInt64 {
			w.Null()
		} else if x.Delta {
			w.Number(strconv.FormatInt(x.Count, 10))
		} else {
			w.String(x.String())
		}
	case Record:
		w.BeginObject()
		for i, name := range x.Names {
			w.Key(name)
			w.Value(x.Values[i])
		}
		w.EndObject()
	case []any:
		w.BeginList()
		for _, e := range x {
			w.Value(e)
		}
		w.EndList()
	case model.NodeID:
		return w.Node(x)
	default:
		w.Null()
	}
	return w.err
}

// Node writes a pickle node through JSONOptions.Node, or its simple value.
func (w *JSONWriter) Node(n model.NodeID) error {
	if w.opts.Node != nil {
		w.sep()
		if w.err != nil {
			return w.err
		}
		if err := w.w.Flush(); err != nil {
			w.err = err
			return err
		}
		if err := w.opts.Node(w.w, n, w.depth); err != nil {
			w.err = err
		}
		return w.err
	}
	p := w.p
	if p == nil || n < 0 {
		w.Null()
		return w.err
	}
	switch p.Kind(n) {
	case model.KindNone:
		w.Null()
	case model.KindBool:
		w.Bool(p.Int(n) != 0)
	case model.KindInt:
		w.Number(strconv.FormatInt(p.Int(n), 10))
	case model.KindBigInt:
		w.Number(p.BigInt(n).String())
	case model.KindFloat:
		w.Float(p.Float(n))
	case model.KindStr:
		w.String(p.Str(n))
	default:
		if w.nest < maxNest {
			if v, ok := Plain(p, n); ok {
				w.nest++
				err := v.WriteJSON(w)
				w.nest--
				return err
			}
		}
		w.String(inlineNode(p, n, maxNest))
	}
	return w.err
}

// Array writes an array's values as nested lists (a 0-d array as its one
// value), or the NPY reference when JSONOptions.NPY is set. An array
// without values is {"$missing": why}.
func (w *JSONWriter) Array(a *Array) error {
	if w.opts.NPY != nil && a.Values() && a.DType.Kind != 'O' {
		ref, err := w.opts.NPY(a)
		if err != nil {
			w.err = err
			return err
		}
		w.BeginObject()
		w.Key("$npy")
		w.String(ref)
		w.Key("dtype")
		w.String(a.DType.Str())
		w.Key("shape")
		w.BeginList()
		for _, v := range a.Shape {
			w.Number(strconv.FormatInt(v, 10))
		}
		w.EndList()
		w.EndObject()
		return w.err
	}
	if !a.Values() {
		w.BeginObject()
		w.Key("$missing")
		w.String(a.Missing)
		w.EndObject()
		return w.err
	}
	if len(a.Shape) == 0 {
		return w.Value(a.At(0))
	}
	c, _ := a.Count()
	if a.DType.Kind != 'O' && c > int64(len(a.Data))*16+1<<20 {
		// A strided view (stride 0) can repeat a few bytes without end.
		w.BeginObject()
		w.Key("$missing")
		w.String(fmt.Sprintf("a view of %d items over %d bytes is too large to write", c, len(a.Data)))
		w.EndObject()
		return w.err
	}
	if c == 0 {
		// tolist() of a shape with a zero: lists down to the first zero axis.
		z := 0
		for a.Shape[z] != 0 {
			z++
		}
		if outer, _ := shapeCount(a.Shape[:z]); outer > 1<<20 {
			w.BeginObject()
			w.Key("$missing")
			w.String(fmt.Sprintf("an empty array of shape %s is too large to write", shapeTuple(a.Shape)))
			w.EndObject()
			return w.err
		}
		w.nested(a.Shape[:z], func(int64) { w.BeginList(); w.EndList() })
		return w.err
	}
	w.nested(a.Shape, func(i int64) { w.Value(a.At(i)) })
	return w.err
}

// nested writes nested lists of the given dimensions, calling leaf for
// each item in C order, with one index counter per axis (no recursion).
func (w *JSONWriter) nested(dims []int64, leaf func(i int64)) {
	nd := len(dims)
	if nd == 0 {
		leaf(0)
		return
	}
	total, _ := shapeCount(dims)
	idx := make([]int64, nd)
	for k := 0; k < nd; k++ {
		w.BeginList()
	}
	for i := int64(0); i < total && w.err == nil; i++ {
		leaf(i)
		k := nd - 1
		for k >= 0 {
			idx[k]++
			if idx[k] < dims[k] {
				break
			}
			idx[k] = 0
			k--
		}
		closes := nd - 1 - k
		for j := 0; j < closes; j++ {
			w.EndList()
		}
		if k >= 0 {
			for j := 0; j < closes; j++ {
				w.BeginList()
			}
		}
	}
}
