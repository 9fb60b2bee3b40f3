package ml

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"pklx/model"
)

// Array is an n-dimensional array of items of one dtype: a NumPy ndarray,
// or the values of a PyTorch tensor (which add strides and an offset).
type Array struct {
	DType DType
	Shape []int64
	// Fortran is true when Data holds the items in column-major order.
	Fortran bool
	// Strides, when set, are element strides into Data from Offset (a
	// PyTorch tensor's); otherwise the items are contiguous in C or
	// Fortran order.
	Strides []int64
	Offset  int64
	// Data holds the items' bytes; nil when they are not at hand (see
	// Missing). It is a view into the input: never modify it.
	Data []byte
	// Objects are an object array's items in C order: nodes of P.
	Objects []model.NodeID
	P       *model.Pickle
	// depth is the nesting depth of the view that made the array.
	depth int
	// Where says where the values were read from: "pickle bytes",
	// "out-of-band buffer 0", "joblib inline data", "storage '0'", "npy data".
	Where string
	// Missing says why the values are not shown, when they are not.
	Missing string
	// Bits is the float width for display (16 for float16 and bfloat16):
	// 0 means the dtype's.
	Bits int
	// BFloat16 marks PyTorch's bfloat16 (Kind 'f', Size 2, other bits).
	BFloat16 bool
}

// maxElems bounds the item count of an array (2^48): larger shapes are
// rejected as corrupt before anything is computed from them.
const maxElems = 1 << 48

// Count is the number of items (the product of the shape), and false when
// the shape is negative or its product beyond maxElems.
func (a *Array) Count() (int64, bool) { return shapeCount(a.Shape) }

func shapeCount(shape []int64) (int64, bool) {
	n := int64(1)
	for _, v := range shape {
		if v < 0 || v > maxElems {
			return 0, false
		}
		if v == 0 {
			n = 0
			continue
		}
		if n > maxElems/v {
			return 0, false
		}
		n *= v
	}
	return n, n <= maxElems
}

// Values reports whether the items can be read.
func (a *Array) Values() bool {
	if a.Missing != "" {
		return false
	}
	if a.DType.Kind == 'O' {
		c, ok := a.Count()
		return ok && int64(len(a.Objects)) == c
	}
	return a.Data != nil
}

// validate checks Data against the shape and dtype, setting Missing when
// they disagree. The checks are what make every later offset safe.
func (a *Array) validate() {
	if a.Missing != "" {
		return
	}
	c, ok := a.Count()
	if !ok {
		a.Missing = "the shape " + shapeTuple(a.Shape) + " is not a valid array shape"
		a.Data, a.Objects = nil, nil
		return
	}
	if a.DType.Kind == 'O' {
		if a.Data != nil || a.Objects == nil {
			if a.Objects == nil && c > 0 {
				a.Missing = "the object items are not in the pickle"
			}
			a.Data = nil
			return
		}
		if int64(len(a.Objects)) != c {
			a.Missing = fmt.Sprintf("%d object items for a shape of %d", len(a.Objects), c)
			a.Objects = nil
		}
		return
	}
	if a.Data == nil {
		if a.Missing == "" {
			a.Missing = "the bytes are not at hand"
		}
		return
	}
	size := int64(a.DType.Size)
	if size <= 0 && c > 0 {
		a.Missing = "the dtype has no item size"
		a.Data = nil
		return
	}
	if a.Strides == nil {
		if c > int64(len(a.Data))/max(size, 1) || c*size != int64(len(a.Data)) && a.Offset == 0 {
			a.Missing = fmt.Sprintf("%d bytes of data for %d items of %d bytes", len(a.Data), c, size)
			a.Data = nil
		}
		return
	}
	if len(a.Strides) != len(a.Shape) {
		a.Missing = "the strides do not match the shape"
		a.Data = nil
		return
	}
	if c == 0 {
		return
	}
	// The lowest and highest element a strided view touches must lie in
	// the storage.
	lo, hi := a.Offset, a.Offset
	for i, s := range a.Strides {
		ext := a.Shape[i] - 1
		if s > maxElems || s < -maxElems {
			a.Missing = "a stride is out of range"
			a.Data = nil
			return
		}
		if s >= 0 {
			hi += s * ext
		} else {
			lo += s * ext
		}
	}
	n := int64(len(a.Data)) / max(size, 1)
	if lo < 0 || hi >= n || a.Offset < 0 {
		a.Missing = fmt.Sprintf("the view (offset %d, strides %v) reaches outside its storage of %d items", a.Offset, a.Strides, n)
		a.Data = nil
	}
}

// offsetOf is the byte offset in Data of the item at C-order index i.
func (a *Array) offsetOf(i int64) int64 {
	size := int64(a.DType.Size)
	if a.Strides != nil {
		off := a.Offset
		for k := len(a.Shape) - 1; k >= 0; k-- {
			d := a.Shape[k]
			off += (i % d) * a.Strides[k]
			i /= d
		}
		return off * size
	}
	if !a.Fortran || len(a.Shape) < 2 {
		return (a.Offset + i) * size
	}
	// C index -> multi-index -> Fortran index.
	idx := make([]int64, len(a.Shape))
	for k := len(a.Shape) - 1; k >= 0; k-- {
		idx[k] = i % a.Shape[k]
		i /= a.Shape[k]
	}
	f, m := int64(0), int64(1)
	for k := 0; k < len(a.Shape); k++ {
		f += idx[k] * m
		m *= a.Shape[k]
	}
	return (a.Offset + f) * size
}

// At is the item at C-order index i (0 <= i < Count, when Values): see
// elem for the types; object items are their model.NodeID.
func (a *Array) At(i int64) any {
	if a.DType.Kind == 'O' {
		return a.Objects[i]
	}
	off := a.offsetOf(i)
	b := a.Data[off : off+int64(a.DType.Size)]
	if a.BFloat16 {
		return bfloat16ToFloat(uint16(b[0]) | uint16(b[1])<<8)
	}
	return elem(a.DType, b, 0)
}

func (a *Array) bits() int {
	if a.Bits != 0 {
		return a.Bits
	}
	if a.DType.Kind == 'c' {
		return 8 * a.DType.Size
	}
	return 8 * a.DType.Size
}

// formatAt is item i as text.
func (a *Array) formatAt(i int64) string {
	v := a.At(i)
	if n, ok := v.(model.NodeID); ok {
		return inlineNode(a.P, n, a.depth+1)
	}
	return formatElem(v, a.bits())
}

// ShapeText is the shape as "3×4" ("scalar" for 0-d).
func ShapeText(shape []int64) string {
	if len(shape) == 0 {
		return "scalar"
	}
	parts := make([]string, len(shape))
	for i, v := range shape {
		parts[i] = strconv.FormatInt(v, 10)
	}
	return strings.Join(parts, "×")
}

// maxText bounds Text when no bound is given.
const maxText = 1 << 20

// Text writes the values as nested lists, summarised as NumPy prints big
// arrays: when there are more than 1000 items, each axis longer than 6
// shows its first and last 3 entries around "...". At most max bytes are
// written (0: 1 MiB), ending in "…" when cut.
func (a *Array) Text(max int) string {
	if max <= 0 {
		max = maxText
	}
	if !a.Values() {
		if a.Missing != "" {
			return "(" + a.Missing + ")"
		}
		return "(no values)"
	}
	c, _ := a.Count()
	t := &textWriter{max: max}
	summarise := c > 1000
	if len(a.Shape) == 0 {
		t.s(a.formatAt(0))
		return t.String()
	}
	// An explicit stack over the axes: idx[k] is the position on axis k.
	strides := make([]int64, len(a.Shape))
	m := int64(1)
	for k := len(a.Shape) - 1; k >= 0; k-- {
		strides[k] = m
		m *= a.Shape[k]
	}
	type frame struct{ k, i int64 }
	var st []frame
	st = append(st, frame{0, 0})
	base := make([]int64, len(a.Shape)+1)
	t.s("[")
	for len(st) > 0 && !t.full() {
		f := &st[len(st)-1]
		k := f.k
		dim := a.Shape[k]
		if f.i >= dim {
			st = st[:len(st)-1]
			t.s("]")
			continue
		}
		if f.i > 0 {
			t.s(", ")
		}
		if summarise && dim > 6 && f.i == 3 {
			t.s("...")
			f.i = dim - 3
			continue
		}
		i := f.i
		f.i++
		pos := base[k] + i*strides[k]
		if int(k) == len(a.Shape)-1 {
			t.s(a.formatAt(pos))
			continue
		}
		base[k+1] = pos
		st = append(st, frame{k + 1, 0})
		t.s("[")
	}
	return t.String()
}

type textWriter struct {
	b   strings.Builder
	max int
	cut bool
}

func (t *textWriter) s(x string) {
	if t.cut {
		return
	}
	if t.max > 0 && t.b.Len()+len(x) > t.max {
		k := max(0, t.max-t.b.Len())
		for k > 0 && !utf8.RuneStart(x[k]) {
			k--
		}
		t.b.WriteString(x[:k])
		t.b.WriteString("…")
		t.cut = true
		return
	}
	t.b.WriteString(x)
}

func (t *textWriter) full() bool     { return t.cut }
func (t *textWriter) String() string { return t.b.String() }
