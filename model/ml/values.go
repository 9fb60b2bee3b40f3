package ml

import (
	"encoding/binary"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pklx/model/pyrepr"
)

// Record is one item of a structured array: its fields in order.
type Record struct {
	Names  []string
	Values []any
}

// DateTime64 is one datetime64 or timedelta64 item: a count of Unit since
// the epoch (or a duration); NaT is math.MinInt64.
type DateTime64 struct {
	Count int64
	Unit  string
	Delta bool // timedelta64
}

// elem decodes one item of dtype d from b (len(b) >= d.Size). The result
// is bool, int64, uint64, float64, complex128, string (U), []byte (S, raw
// V), Record, []any (subarray) or DateTime64; nil for object items.
func elem(d DType, b []byte, depth int) any {
	var bo binary.ByteOrder = binary.LittleEndian
	if d.Order == '>' {
		bo = binary.BigEndian
	}
	switch d.Kind {
	case 'b':
		return b[0] != 0
	case 'i':
		switch d.Size {
		case 1:
			return int64(int8(b[0]))
		case 2:
			return int64(int16(bo.Uint16(b)))
		case 4:
			return int64(int32(bo.Uint32(b)))
		case 8:
			return int64(bo.Uint64(b))
		}
	case 'u':
		switch d.Size {
		case 1:
			return uint64(b[0])
		case 2:
			return uint64(bo.Uint16(b))
		case 4:
			return uint64(bo.Uint32(b))
		case 8:
			return bo.Uint64(b)
		}
	case 'f':
		return floatAt(b, d.Size, bo)
	case 'c':
		h := d.Size / 2
		return complex(floatAt(b, h, bo), floatAt(b[h:], h, bo))
	case 'S':
		s := b[:d.Size]
		for len(s) > 0 && s[len(s)-1] == 0 {
			s = s[:len(s)-1]
		}
		return s
	case 'U':
		rs := make([]rune, 0, d.Size/4)
		for i := 0; i+4 <= d.Size; i += 4 {
			rs = append(rs, rune(bo.Uint32(b[i:])))
		}
		for len(rs) > 0 && rs[len(rs)-1] == 0 {
			rs = rs[:len(rs)-1]
		}
		for i, r := range rs {
			if !utf8.ValidRune(r) {
				rs[i] = utf8.RuneError
			}
		}
		return string(rs)
	case 'M', 'm':
		return DateTime64{Count: int64(bo.Uint64(b)), Unit: d.Unit, Delta: d.Kind == 'm'}
	case 'V':
		if depth > maxDTypeDepth {
			return []byte(nil)
		}
		if len(d.Fields) > 0 {
			r := Record{Names: make([]string, len(d.Fields)), Values: make([]any, len(d.Fields))}
			for i, f := range d.Fields {
				r.Names[i] = f.Name
				r.Values[i] = elem(f.Type, b[f.Offset:f.Offset+f.Type.Size], depth+1)
			}
			return r
		}
		if d.Sub != nil {
			return subarray(*d.Sub, d.SubShape, b, depth+1)
		}
		return b[:d.Size]
	}
	return nil
}

// subarray decodes the items of a subarray dtype as nested lists.
func subarray(d DType, shape []int64, b []byte, depth int) any {
	if len(shape) == 0 {
		return elem(d, b, depth)
	}
	stride := int64(d.Size)
	for _, v := range shape[1:] {
		stride *= v
	}
	out := make([]any, shape[0])
	for i := range out {
		out[i] = subarray(d, shape[1:], b[int64(i)*stride:], depth)
	}
	return out
}

func floatAt(b []byte, size int, bo binary.ByteOrder) float64 {
	switch size {
	case 2:
		return halfToFloat(bo.Uint16(b))
	case 4:
		return float64(math.Float32frombits(bo.Uint32(b)))
	case 8:
		return math.Float64frombits(bo.Uint64(b))
	case 16:
		return longDouble(b, bo)
	}
	return math.NaN()
}

// halfToFloat converts IEEE 754 binary16 bits.
func halfToFloat(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	return sign * math.Ldexp(1+frac/1024, exp-15)
}

// bfloat16ToFloat converts bfloat16 bits (the top half of a float32).
func bfloat16ToFloat(h uint16) float64 {
	return float64(math.Float32frombits(uint32(h) << 16))
}

// longDouble reads x86's 80-bit extended precision, stored in 16 bytes
// (NumPy's float128 on x86-64), rounded to float64.
func longDouble(b []byte, bo binary.ByteOrder) float64 {
	if bo == binary.BigEndian {
		return math.NaN() // no common platform writes it
	}
	mant := binary.LittleEndian.Uint64(b)
	se := binary.LittleEndian.Uint16(b[8:])
	exp := int(se & 0x7fff)
	sign := 1.0
	if se&0x8000 != 0 {
		sign = -1
	}
	if exp == 0x7fff {
		if mant<<1 != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	f, _ := new(big.Float).SetMantExp(new(big.Float).SetUint64(mant), exp-16383-63).Float64()
	return sign * f
}

// pyFloat is Python's repr of a float that was a float of the given bits
// (16, 32 or 64): the shortest digits that give back the same value at
// that precision, laid out as repr does.
func pyFloat(f float64, bits int) string {
	if bits == 64 || math.IsNaN(f) || math.IsInf(f, 0) || f == 0 {
		return pyrepr.Float(f)
	}
	var s string
	if bits == 16 {
		s = shortestHalf(f)
	} else {
		s = strconv.FormatFloat(f, 'e', -1, 32)
	}
	return layoutRepr(s)
}

// shortestHalf finds the fewest digits that round back to the same
// binary16 value.
func shortestHalf(f float64) string {
	h := floatToHalfBits(f)
	for prec := 0; prec < 17; prec++ {
		s := strconv.FormatFloat(f, 'e', prec, 64)
		v, _ := strconv.ParseFloat(s, 64)
		if floatToHalfBits(v) == h {
			return s
		}
	}
	return strconv.FormatFloat(f, 'e', -1, 64)
}

// floatToHalfBits rounds f to binary16 (round to nearest even) and returns
// the bits; it is exact for values that came from binary16.
func floatToHalfBits(f float64) uint16 {
	bits := math.Float32bits(float32(f))
	sign := uint16(bits>>16) & 0x8000
	exp := int(bits>>23&0xff) - 127 + 15
	mant := bits & 0x7fffff
	switch {
	case exp >= 0x1f:
		return sign | 0x7c00
	case exp <= 0:
		if exp < -10 {
			return sign
		}
		mant |= 0x800000
		shift := uint(14 - exp)
		half := uint32(1) << (shift - 1)
		r := mant >> shift
		if rem := mant & (1<<shift - 1); rem > half || rem == half && r&1 == 1 {
			r++
		}
		return sign | uint16(r)
	}
	r := uint32(exp)<<10 | mant>>13
	if rem := mant & 0x1fff; rem > 0x1000 || rem == 0x1000 && r&1 == 1 {
		r++
	}
	return sign | uint16(r)
}

// layoutRepr lays out "d.ddde±XX" digits as Python's float repr does:
// fixed notation for exponents -4..15 (with ".0" when whole), else
// scientific with at least two exponent digits.
func layoutRepr(e string) string {
	neg := strings.HasPrefix(e, "-")
	if neg {
		e = e[1:]
	}
	i := strings.IndexByte(e, 'e')
	mant, exps := e[:i], e[i+1:]
	exp, _ := strconv.Atoi(exps)
	digits := strings.Replace(mant, ".", "", 1)
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		digits = "0"
	}
	var out string
	switch {
	case exp >= 16 || exp < -4:
		out = digits[:1]
		if len(digits) > 1 {
			out += "." + digits[1:]
		}
		sign := "+"
		if exp < 0 {
			sign = "-"
			exp = -exp
		}
		es := strconv.Itoa(exp)
		if len(es) < 2 {
			es = "0" + es
		}
		out += "e" + sign + es
	case exp < 0:
		out = "0." + strings.Repeat("0", -exp-1) + digits
	default:
		if len(digits) <= exp+1 {
			out = digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
		} else {
			out = digits[:exp+1] + "." + digits[exp+1:]
		}
	}
	if neg {
		out = "-" + out
	}
	return out
}

// dateUnits are datetime64 units with their length in nanoseconds.
var dateUnits = map[string]int64{
	"W": 7 * 86400e9, "D": 86400e9, "h": 3600e9, "m": 60e9, "s": 1e9, "ms": 1e6, "us": 1e3, "ns": 1,
}

// String writes a datetime64 as NumPy does ('2024-01-02T03:04:05') and a
// timedelta64 as a count and unit ('5 seconds' in NumPy is '5s' here).
func (t DateTime64) String() string {
	if t.Count == math.MinInt64 {
		return "NaT"
	}
	if t.Delta {
		return strconv.FormatInt(t.Count, 10) + " " + t.Unit
	}
	switch t.Unit {
	case "Y":
		return strconv.FormatInt(1970+t.Count, 10)
	case "M":
		y, m := 1970+floorDiv(t.Count, 12), floorMod(t.Count, 12)+1
		return strconv.FormatInt(y, 10) + "-" + pad2(m)
	}
	ns, ok := dateUnits[t.Unit]
	if !ok {
		return strconv.FormatInt(t.Count, 10) + " " + t.Unit
	}
	// Seconds and sub-seconds, without overflowing for coarse units.
	perSec := int64(1e9) / ns
	var sec, frac int64
	if perSec >= 1 {
		sec, frac = floorDiv(t.Count, perSec), floorMod(t.Count, perSec)*ns
	} else {
		if mul := ns / 1e9; t.Count > math.MaxInt64/mul || t.Count < math.MinInt64/mul {
			return strconv.FormatInt(t.Count, 10) + " " + t.Unit
		}
		sec = t.Count * (ns / 1e9)
	}
	tm := time.Unix(sec, frac).UTC()
	switch t.Unit {
	case "D", "W":
		return tm.Format("2006-01-02")
	case "h":
		return tm.Format("2006-01-02T15")
	case "m":
		return tm.Format("2006-01-02T15:04")
	case "s":
		return tm.Format("2006-01-02T15:04:05")
	case "ms":
		return tm.Format("2006-01-02T15:04:05.000")
	case "us":
		return tm.Format("2006-01-02T15:04:05.000000")
	}
	return tm.Format("2006-01-02T15:04:05.000000000")
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

func pad2(v int64) string {
	if v < 10 {
		return "0" + strconv.FormatInt(v, 10)
	}
	return strconv.FormatInt(v, 10)
}

// formatElem writes an item as tolist() would show it in Python.
func formatElem(v any, bits int) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		return pyrepr.Bool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		return pyFloat(x, bits)
	case complex128:
		return pyComplex(x, bits/2)
	case string:
		return pyrepr.Str(x)
	case []byte:
		return pyrepr.Bytes(x)
	case DateTime64:
		return "'" + x.String() + "'"
	case Record:
		var b strings.Builder
		b.WriteByte('(')
		for i, f := range x.Values {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(formatElem(f, 64))
		}
		if len(x.Values) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
		return b.String()
	case []any:
		var b strings.Builder
		b.WriteByte('[')
		for i, f := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(formatElem(f, bits))
		}
		b.WriteByte(']')
		return b.String()
	}
	return "?"
}

// pyComplex is Python's repr of a complex: (1.5-2j), 2j, (nan+infj).
func pyComplex(c complex128, bits int) string {
	re, im := real(c), imag(c)
	ims := pyFloat(im, bits)
	ims = strings.TrimSuffix(ims, ".0")
	if re == 0 && !math.Signbit(re) {
		return ims + "j"
	}
	res := strings.TrimSuffix(pyFloat(re, bits), ".0")
	sign := "+"
	if strings.HasPrefix(ims, "-") {
		sign = ""
	}
	return "(" + res + sign + ims + "j)"
}
