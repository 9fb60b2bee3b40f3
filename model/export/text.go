package export

import (
	"encoding/base64"
	"math"
	"math/big"
	"strconv"
	"unicode/utf8"
)

// The low-level writers. Every byte goes through wb, ws or wbs, which count
// the output (for MaxBytes) and keep the first write error.

func (e *enc) wb(c byte) {
	e.out++
	if e.err == nil {
		e.err = e.w.WriteByte(c)
	}
}

func (e *enc) ws(s string) {
	e.out += int64(len(s))
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

func (e *enc) wbs(b []byte) {
	e.out += int64(len(b))
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

// nl starts a new line indented d levels; nothing in compact output.
func (e *enc) nl(d int) {
	if e.indent == "" {
		return
	}
	e.wb('\n')
	for range d {
		e.ws(e.indent)
	}
}

// writeKey writes an object key and its colon.
func (e *enc) writeKey(k keyID) {
	e.wb('"')
	e.ws(k.String())
	e.wb('"')
	e.colon()
}

func (e *enc) colon() {
	if e.indent != "" {
		e.ws(": ")
	} else {
		e.wb(':')
	}
}

const hexDigits = "0123456789abcdef"

// escape writes the JSON escape of an ASCII byte that needs one.
func (e *enc) escape(c byte) {
	switch c {
	case '"':
		e.ws(`\"`)
	case '\\':
		e.ws(`\\`)
	case '\n':
		e.ws(`\n`)
	case '\r':
		e.ws(`\r`)
	case '\t':
		e.ws(`\t`)
	case '\b':
		e.ws(`\b`)
	case '\f':
		e.ws(`\f`)
	default:
		e.writeU(rune(c))
	}
}

// writeU writes \uXXXX for a code point below U+10000.
func (e *enc) writeU(r rune) {
	e.ws(`\u`)
	e.wb(hexDigits[r>>12&0xf])
	e.wb(hexDigits[r>>8&0xf])
	e.wb(hexDigits[r>>4&0xf])
	e.wb(hexDigits[r&0xf])
}

func needsEscape(c byte) bool { return c < 0x20 || c == '"' || c == '\\' }

// writeWTF8 writes b as a JSON string. b is UTF-8 in which a lone surrogate
// may appear encoded as CPython's "surrogatepass" handler writes it (ED A0-BF
// xx); such a surrogate is written as a \uXXXX escape, as Python's
// json.dumps does. Any other invalid byte becomes \ufffd.
func (e *enc) writeWTF8(b []byte) {
	e.wb('"')
	start := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if needsEscape(c) {
				e.wbs(b[start:i])
				e.escape(c)
				start = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			e.wbs(b[start:i])
			if s, ok := surrogateAt(b, i); ok {
				e.writeU(s)
				i += 3
			} else {
				e.ws(`\ufffd`)
				i++
			}
			start = i
			continue
		}
		i += size
	}
	e.wbs(b[start:])
	e.wb('"')
}

// surrogateAt decodes a surrogate code point encoded as three UTF-8 bytes at b[i:].
func surrogateAt(b []byte, i int) (rune, bool) {
	if i+2 < len(b) && b[i] == 0xed && b[i+1]&0xe0 == 0xa0 && b[i+2]&0xc0 == 0x80 {
		return rune(b[i]&0x0f)<<12 | rune(b[i+1]&0x3f)<<6 | rune(b[i+2]&0x3f), true
	}
	return 0, false
}

// hasSurrogate reports whether WTF-8 text holds an encoded lone surrogate.
func hasSurrogate(b []byte) bool {
	for i := 0; i+2 < len(b); i++ {
		if _, ok := surrogateAt(b, i); ok {
			return true
		}
	}
	return false
}

// writeLatin1 writes bytes decoded as Latin-1 as a JSON string.
func (e *enc) writeLatin1(b []byte) {
	e.wb('"')
	start := 0
	for i, c := range b {
		switch {
		case c >= utf8.RuneSelf:
			e.wbs(b[start:i])
			e.wb(0xc0 | c>>6)
			e.wb(0x80 | c&0x3f)
			start = i + 1
		case needsEscape(c):
			e.wbs(b[start:i])
			e.escape(c)
			start = i + 1
		}
	}
	e.wbs(b[start:])
	e.wb('"')
}

// writeText writes a Go string (a name) as a JSON string.
func (e *enc) writeText(s string) {
	e.tmp = append(e.tmp[:0], s...)
	e.writeWTF8(e.tmp)
}

// appendWTF8 appends code points as UTF-8, encoding lone surrogates the way
// CPython's "surrogatepass" handler does.
func appendWTF8(dst []byte, rs []rune) []byte {
	for _, r := range rs {
		if r >= 0xd800 && r <= 0xdfff {
			dst = append(dst, 0xed, byte(0x80|r>>6&0x3f), byte(0x80|r&0x3f))
			continue
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// appendLatin1 appends Latin-1 bytes as UTF-8.
func appendLatin1(dst, b []byte) []byte {
	for _, c := range b {
		dst = utf8.AppendRune(dst, rune(c))
	}
	return dst
}

// writeB64 writes b as a JSON string of its standard, padded base64.
func (e *enc) writeB64(b []byte) {
	e.wb('"')
	const chunk = 3 * 1024
	for len(b) > 0 {
		n := min(len(b), chunk)
		m := base64.StdEncoding.EncodedLen(n)
		base64.StdEncoding.Encode(e.b64[:m], b[:n])
		e.wbs(e.b64[:m])
		b = b[n:]
	}
	e.wb('"')
}

// appendPyFloat appends a finite float as Python's float.__repr__ writes it
// (and so json.dumps): the shortest digits that read back to the same
// float, in fixed notation with at least one digit after the point when the
// decimal exponent lies in [-4, 16), otherwise as d.ddde±XX. So 3.0, 0.0001,
// 1e-05, 1e+16, 1234567890123456.0, -0.0.
func appendPyFloat(dst []byte, f float64) []byte {
	var buf [32]byte
	s := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	if s[0] == '-' {
		dst = append(dst, '-')
		s = s[1:]
	}
	ei := 0
	for s[ei] != 'e' {
		ei++
	}
	mant, expText := s[:ei], s[ei+1:] // "d.ddd", "+16"
	exp := 0
	for _, c := range expText[1:] {
		exp = exp*10 + int(c-'0')
	}
	if expText[0] == '-' {
		exp = -exp
	}
	var digits [24]byte
	nd := 0
	for _, c := range mant {
		if c != '.' {
			digits[nd] = c
			nd++
		}
	}
	d := digits[:nd]
	decpt := exp + 1 // digits d[0] d[1]... with the point after decpt of them
	if decpt <= -4 || decpt > 16 {
		dst = append(dst, d[0])
		if len(d) > 1 {
			dst = append(dst, '.')
			dst = append(dst, d[1:]...)
		}
		dst = append(dst, 'e')
		return append(dst, expText...)
	}
	switch {
	case decpt <= 0:
		dst = append(dst, '0', '.')
		for range -decpt {
			dst = append(dst, '0')
		}
		dst = append(dst, d...)
	case decpt >= len(d):
		dst = append(dst, d...)
		for range decpt - len(d) {
			dst = append(dst, '0')
		}
		dst = append(dst, '.', '0')
	default:
		dst = append(dst, d[:decpt]...)
		dst = append(dst, '.')
		dst = append(dst, d[decpt:]...)
	}
	return dst
}

// floatWord is "nan", "inf" or "-inf" for a float that is not finite.
func floatWord(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case f > 0:
		return "inf"
	}
	return "-inf"
}

// floatKey is a float dict key as json.dumps writes it.
func appendFloatKey(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	return appendPyFloat(dst, f)
}

// appendFloatCanon appends the canonical form of a float as a dict key: an
// integral float is written as the int it equals (Python: 1 == 1.0 == True).
func appendFloatCanon(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) {
		return appendFloatKey(dst, f)
	}
	if math.Abs(f) < 1<<62 {
		return strconv.AppendInt(dst, int64(f), 10)
	}
	i, _ := new(big.Float).SetFloat64(f).Int(nil)
	return i.Append(dst, 10)
}
