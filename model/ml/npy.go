package ml

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// NPYMagic starts every .npy file.
const NPYMagic = "\x93NUMPY"

// NPYHeader is what an .npy file's header says.
type NPYHeader struct {
	Version    [2]byte
	DType      DType
	Fortran    bool
	Shape      []int64
	DataOffset int64 // where the items (or, for object arrays, the pickle) start
}

// maxNPYHeader bounds the header length read (NumPy itself refuses
// headers over 10000 bytes unless told otherwise).
const maxNPYHeader = 1 << 20

// ParseNPYHeader reads the header of an .npy file: magic, version, header
// length, and the header's Python dict literal {'descr': ..., 'fortran_order':
// ..., 'shape': (...)}. Errors give the byte offset.
func ParseNPYHeader(data []byte) (NPYHeader, error) {
	var h NPYHeader
	if !bytes.HasPrefix(data, []byte(NPYMagic)) {
		return h, errors.New("npy: no \\x93NUMPY magic at offset 0")
	}
	if len(data) < 10 {
		return h, fmt.Errorf("npy: header cut short at offset %d", len(data))
	}
	h.Version = [2]byte{data[6], data[7]}
	var hlen, start int64
	switch data[6] {
	case 1:
		hlen, start = int64(binary.LittleEndian.Uint16(data[8:])), 10
	case 2, 3:
		if len(data) < 12 {
			return h, fmt.Errorf("npy: header cut short at offset %d", len(data))
		}
		hlen, start = int64(binary.LittleEndian.Uint32(data[8:])), 12
	default:
		return h, fmt.Errorf("npy: version %d.%d at offset 6 is not one NumPy writes", data[6], data[7])
	}
	if hlen > maxNPYHeader || start+hlen > int64(len(data)) {
		return h, fmt.Errorf("npy: header of %d bytes at offset %d but only %d bytes remain", hlen, start, int64(len(data))-start)
	}
	h.DataOffset = start + hlen
	lit, err := parseLiteral(string(data[start:h.DataOffset]))
	if err != nil {
		return h, fmt.Errorf("npy: header at offset %d: %w", start, err)
	}
	d, ok := lit.(map[string]any)
	if !ok {
		return h, fmt.Errorf("npy: header at offset %d is not a dict", start)
	}
	h.DType, err = descrDType(d["descr"], 0)
	if err != nil {
		return h, fmt.Errorf("npy: header at offset %d: descr: %w", start, err)
	}
	if f, ok := d["fortran_order"].(bool); ok {
		h.Fortran = f
	} else {
		return h, fmt.Errorf("npy: header at offset %d: fortran_order is not a bool", start)
	}
	shape, ok := d["shape"].([]any)
	if !ok {
		return h, fmt.Errorf("npy: header at offset %d: shape is not a tuple", start)
	}
	for _, x := range shape {
		v, ok := x.(int64)
		if !ok || v < 0 {
			return h, fmt.Errorf("npy: header at offset %d: bad shape %v", start, shape)
		}
		h.Shape = append(h.Shape, v)
	}
	if _, ok := shapeCount(h.Shape); !ok {
		return h, fmt.Errorf("npy: header at offset %d: shape %v is too large", start, h.Shape)
	}
	return h, nil
}

// descrDType reads an .npy descr: a type string, or a list of (name,
// type[, shape]) tuples for a structured dtype.
func descrDType(v any, depth int) (DType, error) {
	if depth > maxDTypeDepth {
		return DType{}, errors.New("dtype nests too deeply")
	}
	switch x := v.(type) {
	case string:
		return parseTypeStr(x)
	case []any:
		d := DType{Kind: 'V', Order: '|'}
		off := 0
		if len(x) > maxFields {
			return d, fmt.Errorf("%d fields", len(x))
		}
		for _, f := range x {
			t, ok := f.([]any)
			if !ok || len(t) < 2 {
				return d, errors.New("a field is not a (name, type) tuple")
			}
			name, ok := t[0].(string)
			if !ok {
				if pair, ok2 := t[0].([]any); ok2 && len(pair) == 2 {
					name, ok = pair[1].(string) // (title, name)
				}
				if !ok {
					return d, errors.New("a field name is not a string")
				}
			}
			ft, err := descrDType(t[1], depth+1)
			if err != nil {
				return d, err
			}
			if len(t) >= 3 {
				sh, ok := t[2].([]any)
				if !ok {
					if iv, ok2 := t[2].(int64); ok2 {
						sh, ok = []any{iv}, true
					}
				}
				if !ok {
					return d, errors.New("a field shape is not a tuple")
				}
				var shape []int64
				n := int64(1)
				for _, s := range sh {
					iv, ok := s.(int64)
					if !ok || iv < 0 || iv > 1<<20 {
						return d, errors.New("bad field shape")
					}
					shape = append(shape, iv)
					n *= iv
					if n > 1<<20 {
						return d, errors.New("bad field shape")
					}
				}
				base := ft
				ft = DType{Kind: 'V', Order: '|', Size: int(n) * base.Size, Sub: &base, SubShape: shape}
			}
			if name != "" {
				d.Fields = append(d.Fields, Field{Name: name, Type: ft, Offset: off})
			}
			off += ft.Size
			if off > 1<<30 {
				return d, errors.New("structured item too large")
			}
		}
		d.Size = off
		return d, nil
	}
	return DType{}, fmt.Errorf("unknown descr %v", v)
}

// parseLiteral reads the Python literals an .npy header holds: dicts,
// tuples, lists, strings, ints, True, False and None. It is bounded by
// the text's length and a nesting limit.
func parseLiteral(s string) (any, error) {
	p := &litParser{s: s}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("unexpected %q at %d", p.s[p.i:min(len(p.s), p.i+10)], p.i)
	}
	return v, nil
}

type litParser struct {
	s string
	i int
}

func (p *litParser) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *litParser) value(depth int) (any, error) {
	if depth > 32 {
		return nil, errors.New("literal nests too deeply")
	}
	p.space()
	if p.i >= len(p.s) {
		return nil, errors.New("literal cut short")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.i++
		out := map[string]any{}
		for {
			p.space()
			if p.i < len(p.s) && p.s[p.i] == '}' {
				p.i++
				return out, nil
			}
			k, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			ks, ok := k.(string)
			if !ok {
				return nil, errors.New("dict key is not a string")
			}
			p.space()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return nil, fmt.Errorf("missing ':' at %d", p.i)
			}
			p.i++
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			out[ks] = v
			p.space()
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
			}
		}
	case c == '(' || c == '[':
		end := byte(')')
		if c == '[' {
			end = ']'
		}
		p.i++
		out := []any{}
		for {
			p.space()
			if p.i < len(p.s) && p.s[p.i] == end {
				p.i++
				return out, nil
			}
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			p.space()
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
			} else if p.i < len(p.s) && p.s[p.i] != end {
				return nil, fmt.Errorf("unexpected %q at %d", p.s[p.i], p.i)
			}
		}
	case c == '\'' || c == '"':
		j := p.i + 1
		var b strings.Builder
		for j < len(p.s) && p.s[j] != c {
			if p.s[j] == '\\' && j+1 < len(p.s) {
				j++
			}
			b.WriteByte(p.s[j])
			j++
		}
		if j >= len(p.s) {
			return nil, errors.New("string cut short")
		}
		p.i = j + 1
		return b.String(), nil
	case c == '-' || c >= '0' && c <= '9':
		j := p.i + 1
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		num := p.s[p.i:j]
		if j < len(p.s) && p.s[j] == 'L' {
			j++
		}
		p.i = j
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad int %q", num)
		}
		return v, nil
	default:
		for _, w := range []struct {
			word string
			v    any
		}{{"True", true}, {"False", false}, {"None", nil}} {
			if strings.HasPrefix(p.s[p.i:], w.word) {
				p.i += len(w.word)
				return w.v, nil
			}
		}
	}
	return nil, fmt.Errorf("unexpected %q at %d", p.s[p.i], p.i)
}

// WriteNPY writes a as an .npy file (version 1.0) that np.load reads
// back: the items in C order, in the dtype's byte order.
func WriteNPY(w io.Writer, a *Array) error {
	if !a.Values() || a.DType.Kind == 'O' {
		return errors.New("npy: the array has no values to write")
	}
	descr := quote(a.DType.Str())
	if len(a.DType.Fields) > 0 {
		var b strings.Builder
		b.WriteByte('[')
		for i, f := range a.DType.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "(%s, %s)", quote(f.Name), quote(f.Type.Str()))
		}
		b.WriteByte(']')
		descr = b.String()
		last := a.DType.Fields[len(a.DType.Fields)-1]
		if last.Offset+last.Type.Size != a.DType.Size {
			return errors.New("npy: structured dtype with padding is not written")
		}
	}
	if a.BFloat16 {
		return errors.New("npy: NumPy has no bfloat16")
	}
	hdr := fmt.Sprintf("{'descr': %s, 'fortran_order': False, 'shape': %s, }", descr, shapeTuple(a.Shape))
	// Pad so that the data starts at a multiple of 64, ending in '\n'.
	total := len(NPYMagic) + 4 + len(hdr) + 1
	pad := (64 - total%64) % 64
	hdr += strings.Repeat(" ", pad) + "\n"
	if len(hdr) > 65535 {
		return errors.New("npy: header too long")
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(NPYMagic)
	bw.Write([]byte{1, 0, byte(len(hdr)), byte(len(hdr) >> 8)})
	bw.WriteString(hdr)
	c, _ := a.Count()
	size := int64(a.DType.Size)
	for i := int64(0); i < c; i++ {
		off := a.offsetOf(i)
		if _, err := bw.Write(a.Data[off : off+size]); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// NPYDir is a JSONOptions.NPY that writes each array into dir as
// array-0001.npy, array-0002.npy, ... and returns the path it wrote.
func NPYDir(dir string) func(a *Array) (string, error) {
	k := 0
	return func(a *Array) (string, error) {
		k++
		path := filepath.Join(dir, fmt.Sprintf("array-%04d.npy", k))
		f, err := os.Create(path)
		if err != nil {
			return "", err
		}
		if err := WriteNPY(f, a); err != nil {
			f.Close()
			os.Remove(path)
			return "", err
		}
		return path, f.Close()
	}
}

// NPYView is the array of an .npy file with raw items: data is the whole
// file, h its header. For object arrays the items are a pickle after the
// header, which the caller decodes; the view then has no values.
func NPYView(h NPYHeader, data []byte) *ArrayView {
	v := &ArrayView{Class: "numpy.ndarray", Node: -1}
	v.DType, v.Shape, v.Fortran = h.DType, h.Shape, h.Fortran
	v.Where = "npy data"
	if h.DType.Kind == 'O' {
		v.Where = "npy pickle"
		v.Missing = "the object items are a pickle after the header"
		return v
	}
	c, _ := shapeCount(h.Shape)
	size := int64(h.DType.Size)
	if size > 0 && c > (int64(len(data))-h.DataOffset)/size {
		v.Missing = fmt.Sprintf("the header promises %d items of %d bytes but only %d bytes follow it", c, size, int64(len(data))-h.DataOffset)
		return v
	}
	v.Data = data[h.DataOffset : h.DataOffset+c*size]
	v.validate()
	return v
}
