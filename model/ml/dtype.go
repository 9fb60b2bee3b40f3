package ml

import (
	"fmt"
	"strconv"
	"strings"

	"pklx/model"
)

// DType is a NumPy data type, as read from a pickled numpy.dtype or an
// .npy header.
type DType struct {
	// Kind is NumPy's dtype.kind: 'b' bool, 'i' int, 'u' unsigned, 'f'
	// float, 'c' complex, 'S' bytes, 'U' str, 'V' void (structured or
	// raw), 'O' object, 'M' datetime64, 'm' timedelta64.
	Kind byte
	// Size is the item size in bytes.
	Size int
	// Order is the byte order: '<' little, '>' big, '|' not applicable.
	Order byte
	// Unit is the datetime64/timedelta64 unit ("ns", "s", "D", ...).
	Unit string
	// Fields are a structured dtype's fields, in order.
	Fields []Field
	// Sub and SubShape describe a subarray dtype (('<f4', (2, 3))).
	Sub      *DType
	SubShape []int64
}

// Field is one field of a structured dtype.
type Field struct {
	Name   string
	Type   DType
	Offset int
}

// maxFields bounds the fields read from one structured dtype, and
// maxDTypeDepth how deeply dtypes nest (a field's dtype, a subarray's).
const (
	maxFields     = 4096
	maxDTypeDepth = 16
)

// Str is NumPy's dtype.str: "<f8", "|b1", "<U3", "|V14", "|O".
func (d DType) Str() string {
	switch d.Kind {
	case 'O':
		return "|O"
	case 'M', 'm':
		if d.Unit != "" {
			return fmt.Sprintf("%c%c8[%s]", d.Order, d.Kind, d.Unit)
		}
	case 'U':
		return fmt.Sprintf("%c%c%d", d.Order, d.Kind, d.Size/4)
	}
	return fmt.Sprintf("%c%c%d", d.Order, d.Kind, d.Size)
}

// Name is str(dtype) in NumPy: "float64", "int32", "bool", "<U3", "|S2",
// "object", "complex128", "datetime64[ns]", or the field list of a
// structured dtype.
func (d DType) Name() string {
	if d.Order == '>' && d.Kind != 'S' && d.Kind != 'V' {
		return d.Str() // NumPy names a non-native byte order by its str: '>i4'
	}
	switch d.Kind {
	case 'b':
		return "bool"
	case 'i':
		return fmt.Sprintf("int%d", 8*d.Size)
	case 'u':
		return fmt.Sprintf("uint%d", 8*d.Size)
	case 'f':
		return fmt.Sprintf("float%d", 8*d.Size)
	case 'c':
		return fmt.Sprintf("complex%d", 8*d.Size)
	case 'O':
		return "object"
	case 'M', 'm':
		n := "datetime64"
		if d.Kind == 'm' {
			n = "timedelta64"
		}
		if d.Unit != "" {
			n += "[" + d.Unit + "]"
		}
		return n
	case 'S', 'U':
		return d.Str()
	case 'V':
		if len(d.Fields) > 0 {
			var b strings.Builder
			b.WriteByte('[')
			for i, f := range d.Fields {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "(%s, %s", quote(f.Name), quote(f.Type.Str()))
				if f.Type.Sub != nil {
					fmt.Fprintf(&b, ", %s", shapeTuple(f.Type.SubShape))
				}
				b.WriteByte(')')
			}
			b.WriteByte(']')
			return b.String()
		}
		if d.Sub != nil {
			return fmt.Sprintf("(%s, %s)", quote(d.Sub.Str()), shapeTuple(d.SubShape))
		}
		return fmt.Sprintf("V%d", d.Size)
	}
	return d.Str()
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// shapeTuple writes a shape as Python does: (3,), (2, 3), ().
func shapeTuple(s []int64) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, v := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatInt(v, 10))
	}
	if len(s) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}

// BigEndian reports whether multi-byte items are big-endian.
func (d DType) BigEndian() bool { return d.Order == '>' }

// parseTypeStr reads the type string of numpy.dtype('f8', False, True) or
// an .npy descr ("<f8", "|b1", "<U3", "<M8[ns]", "O"): kind, item size and,
// when it starts with one, the byte order.
func parseTypeStr(s string) (DType, error) {
	d := DType{Order: '|'}
	if s == "" {
		return d, fmt.Errorf("empty dtype string")
	}
	switch s[0] {
	case '<', '>', '|', '=':
		d.Order = s[0]
		if d.Order == '=' {
			d.Order = '<'
		}
		s = s[1:]
	}
	if s == "" {
		return d, fmt.Errorf("dtype string has no type")
	}
	if i := strings.IndexByte(s, '['); i >= 0 && strings.HasSuffix(s, "]") {
		d.Unit = s[i+1 : len(s)-1]
		s = s[:i]
	}
	kind, num := s[0], s[1:]
	size := 0
	if num != "" {
		v, err := strconv.Atoi(num)
		if err != nil || v < 0 || v > 1<<30 {
			return d, fmt.Errorf("bad dtype string %q", s)
		}
		size = v
	}
	switch kind {
	case 'b', '?':
		d.Kind, d.Size = 'b', 1
	case 'i', 'u':
		d.Kind, d.Size = kind, size
		if size != 1 && size != 2 && size != 4 && size != 8 {
			return d, fmt.Errorf("bad integer size in %q", s)
		}
	case 'f':
		d.Kind, d.Size = 'f', size
		if size != 2 && size != 4 && size != 8 && size != 16 {
			return d, fmt.Errorf("bad float size in %q", s)
		}
	case 'c':
		d.Kind, d.Size = 'c', size
		if size != 8 && size != 16 && size != 32 {
			return d, fmt.Errorf("bad complex size in %q", s)
		}
	case 'S', 'a':
		d.Kind, d.Size = 'S', size
	case 'U':
		d.Kind, d.Size = 'U', 4*size
	case 'V':
		d.Kind, d.Size = 'V', size
	case 'O':
		d.Kind, d.Size = 'O', 8
	case 'M', 'm':
		d.Kind, d.Size = kind, 8
	default:
		return d, fmt.Errorf("unknown dtype %q", s)
	}
	switch {
	case d.Size == 1 || d.Kind == 'S' || d.Kind == 'V' || d.Kind == 'O' || d.Kind == 'b':
		d.Order = '|'
	case d.Order == '|':
		d.Order = '<'
	}
	return d, nil
}

// ParseDType reads a pickled numpy.dtype: the call
// numpy.dtype(typestr, align, copy) and its BUILD state (version,
// byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]).
func ParseDType(g Graph, n model.NodeID) (DType, error) {
	return parseDType(g, n, 0)
}

func parseDType(g Graph, n model.NodeID, depth int) (DType, error) {
	if depth > maxDTypeDepth {
		return DType{}, fmt.Errorf("dtypes nest too deeply")
	}
	if callee(g, n) != "numpy.dtype" {
		return DType{}, fmt.Errorf("not a numpy.dtype call")
	}
	a := args(g, n)
	if len(a) == 0 {
		return DType{}, fmt.Errorf("numpy.dtype without a type string")
	}
	ts, ok := text(g, a[0])
	if !ok {
		return DType{}, fmt.Errorf("numpy.dtype type is not a string")
	}
	d, err := parseTypeStr(ts)
	if err != nil {
		return d, err
	}
	st := lastRole(g, n, model.RoleState)
	if st < 0 || g.Kind(st) != model.KindTuple {
		return d, nil
	}
	s := items(g, st)
	if len(s) >= 2 {
		if bo, ok := text(g, s[1]); ok && len(bo) == 1 {
			switch bo[0] {
			case '<', '>', '|':
				d.Order = bo[0]
			case '=':
				d.Order = '<'
			}
		}
	}
	if len(s) >= 6 {
		if es, ok := intOf(g, s[5]); ok && es > 0 && es <= 1<<30 && (d.Kind == 'V' || d.Kind == 'U' || d.Kind == 'S') {
			d.Size = int(es)
		}
	}
	if len(s) >= 3 && !isNone(g, s[2]) && g.Kind(s[2]) == model.KindTuple {
		sub := items(g, s[2])
		if len(sub) == 2 {
			base, err := parseDType(g, sub[0], depth+1)
			if err != nil {
				return d, err
			}
			shape, ok := ints(g, sub[1])
			if !ok {
				if v, ok1 := intOf(g, sub[1]); ok1 {
					shape, ok = []int64{v}, true
				}
			}
			if ok {
				d.Sub, d.SubShape = &base, shape
			}
		}
	}
	if len(s) >= 5 && g.Kind(s[3]) == model.KindTuple && g.Kind(s[4]) == model.KindDict {
		names := items(g, s[3])
		if len(names) > maxFields {
			return d, fmt.Errorf("structured dtype with %d fields", len(names))
		}
		for _, nm := range names {
			name, ok := text(g, nm)
			if !ok {
				return d, fmt.Errorf("field name is not a string")
			}
			desc := get(g, s[4], name)
			if desc < 0 || g.Kind(desc) != model.KindTuple {
				return d, fmt.Errorf("field %q has no description", name)
			}
			fi := items(g, desc)
			if len(fi) < 2 {
				return d, fmt.Errorf("field %q description is short", name)
			}
			ft, err := parseDType(g, fi[0], depth+1)
			if err != nil {
				return d, fmt.Errorf("field %q: %w", name, err)
			}
			off, ok := intOf(g, fi[1])
			if !ok || off < 0 || off > 1<<30 {
				return d, fmt.Errorf("field %q offset", name)
			}
			d.Fields = append(d.Fields, Field{Name: name, Type: ft, Offset: int(off)})
		}
	}
	if (d.Kind == 'M' || d.Kind == 'm') && len(s) >= 9 {
		// metadata: ({}, (b'ns', num, den, events)) in NumPy 1.x.
		md := s[8]
		if g.Kind(md) == model.KindTuple {
			mi := items(g, md)
			if len(mi) == 2 && g.Kind(mi[1]) == model.KindTuple {
				ui := items(g, mi[1])
				if len(ui) >= 2 {
					if u, ok := text(g, ui[0]); ok {
						num, _ := intOf(g, ui[1])
						if num > 1 {
							u = strconv.FormatInt(num, 10) + u
						}
						d.Unit = u
					}
				}
			}
		}
	}
	if d.Kind == 'V' && d.Size == 0 && len(d.Fields) > 0 {
		last := d.Fields[len(d.Fields)-1]
		d.Size = last.Offset + last.Type.Size
	}
	return d, d.check()
}

// check verifies that fields lie inside the item.
func (d DType) check() error {
	for _, f := range d.Fields {
		if f.Offset+f.Type.Size > d.Size {
			return fmt.Errorf("field %q (offset %d, size %d) outside the %d-byte item", f.Name, f.Offset, f.Type.Size, d.Size)
		}
	}
	if d.Sub != nil {
		n := int64(1)
		for _, v := range d.SubShape {
			if v < 0 || v > 1<<30 {
				return fmt.Errorf("bad subarray shape")
			}
			n *= v
			if n > 1<<30 {
				return fmt.Errorf("bad subarray shape")
			}
		}
		if n*int64(d.Sub.Size) > int64(d.Size) {
			return fmt.Errorf("subarray larger than its item")
		}
	}
	if d.Size <= 0 && d.Kind != 'V' && d.Kind != 'S' && d.Kind != 'U' {
		return fmt.Errorf("dtype %s has no size", d.Str())
	}
	return nil
}
