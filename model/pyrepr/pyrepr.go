package pyrepr

import (
	"math"
	"math/big"
	"strconv"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// IsPrintable reports whether CPython 3.11 considers the code point r
// printable, as chr(r).isprintable() does. Code points outside
// 0..0x10FFFF are not printable.
func IsPrintable(r rune) bool {
	switch {
	case r < 0x80:
		return r >= 0x20 && r < 0x7f
	case r < 0x100:
		// U+0080–U+009F are Cc, U+00A0 is Zs and U+00AD is Cf.
		return r >= 0xa1 && r != 0xad
	case r > utf8.MaxRune:
		return false
	}
	lo, hi := 0, len(printableRanges)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if printableRanges[m][1] < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(printableRanges) && printableRanges[lo][0] <= r
}

// QuoteFor returns the quote character CPython's repr puts around a str or
// bytes value whose contents (as UTF-8, Latin-1 or raw bytes: only the ASCII
// quotes matter) are s: '"' when s contains a single quote and no double
// quote, '\” otherwise.
func QuoteFor(s []byte) byte {
	single := false
	for _, c := range s {
		switch c {
		case '"':
			return '\''
		case '\'':
			single = true
		}
	}
	if single {
		return '"'
	}
	return '\''
}

// Str returns repr(s) for the Python str whose UTF-8 encoding is s; see the
// package documentation for surrogates and invalid UTF-8.
func Str(s string) string {
	return string(AppendStr(nil, []byte(s)))
}

// AppendStr appends repr of the Python str whose UTF-8 encoding is s to dst.
func AppendStr(dst, s []byte) []byte {
	q := QuoteFor(s)
	dst = append(dst, q)
	dst = AppendStrBody(dst, s, q)
	return append(dst, q)
}

// StrRunes returns repr of the Python str made of the code points rs, which
// may include lone surrogates. Values outside 0..0x10FFFF, which no Python
// str holds, are printed as \U escapes of their low 32 bits.
func StrRunes(rs []rune) string {
	single, double := false, false
	for _, r := range rs {
		single = single || r == '\''
		double = double || r == '"'
	}
	q := byte('\'')
	if single && !double {
		q = '"'
	}
	dst := make([]byte, 0, len(rs)+2)
	dst = append(dst, q)
	for _, r := range rs {
		switch {
		case r < 0x80 && r >= 0:
			dst = appendASCII(dst, byte(r), q)
		case IsPrintable(r):
			dst = utf8.AppendRune(dst, r)
		default:
			dst = appendRuneEscape(dst, r)
		}
	}
	return string(append(dst, q))
}

// AppendStrBody appends the escaped contents of repr of the Python str whose
// UTF-8 encoding is s, without the surrounding quotes; quote is the quote
// character the caller chose with [QuoteFor] over the whole value. s may be
// one piece of a longer value if it is cut between code points.
func AppendStrBody(dst, s []byte, quote byte) []byte {
	start := 0 // start of the pending run of bytes written as they are
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c < 0x7f && c != '\\' && c != quote {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendASCII(dst, c, quote)
			i++
			start = i
			continue
		}
		r, size := decodeWTF8(s[i:])
		if r >= 0 && IsPrintable(r) {
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		if r < 0 {
			r = 0xdc00 + rune(c) // surrogateescape
		}
		dst = appendRuneEscape(dst, r)
		i += size
		start = i
	}
	return append(dst, s[start:]...)
}

// decodeWTF8 decodes the first code point of s (s[0] >= 0x80), accepting
// surrogates in their 3-byte form. It returns -1, 1 for an invalid byte.
func decodeWTF8(s []byte) (rune, int) {
	r, size := utf8.DecodeRune(s)
	if r != utf8.RuneError || size > 1 {
		return r, size
	}
	if len(s) >= 3 && s[0] == 0xed && s[1] >= 0xa0 && s[1] <= 0xbf && s[2]&0xc0 == 0x80 {
		return 0xd000 | rune(s[1]&0x3f)<<6 | rune(s[2]&0x3f), 3
	}
	return -1, 1
}

// Latin1 returns repr(b.decode('latin-1')): the Python str whose code points
// are the bytes of b.
func Latin1(b []byte) string {
	return string(AppendLatin1(nil, b))
}

// AppendLatin1 appends repr(b.decode('latin-1')) to dst.
func AppendLatin1(dst, b []byte) []byte {
	q := QuoteFor(b)
	dst = append(dst, q)
	dst = AppendLatin1Body(dst, b, q)
	return append(dst, q)
}

// AppendLatin1Body appends the escaped contents of repr(b.decode('latin-1'))
// without quotes; see [AppendStrBody].
func AppendLatin1Body(dst, b []byte, quote byte) []byte {
	start := 0
	for i, c := range b {
		if c >= 0x20 && c < 0x7f && c != '\\' && c != quote {
			continue
		}
		dst = append(dst, b[start:i]...)
		switch {
		case c < utf8.RuneSelf:
			dst = appendASCII(dst, c, quote)
		case IsPrintable(rune(c)):
			dst = append(dst, 0xc0|c>>6, 0x80|c&0x3f)
		default:
			dst = append(dst, '\\', 'x', hexDigits[c>>4], hexDigits[c&15])
		}
		start = i + 1
	}
	return append(dst, b[start:]...)
}

// Bytes returns repr(b) for a Python bytes object: b'...'.
func Bytes(b []byte) string {
	return string(AppendBytes(nil, b))
}

// AppendBytes appends repr(b) for a Python bytes object to dst.
func AppendBytes(dst, b []byte) []byte {
	q := QuoteFor(b)
	dst = append(dst, 'b', q)
	dst = AppendBytesBody(dst, b, q)
	return append(dst, q)
}

// ByteArray returns repr(bytearray(b)): bytearray(b'...').
func ByteArray(b []byte) string {
	return string(AppendByteArray(nil, b))
}

// AppendByteArray appends repr(bytearray(b)) to dst.
//
// CPython's bytearray repr differs from the bytes repr in one detail: it
// escapes every single quote, even inside double quotes, so
// repr(bytearray(b"'")) is bytearray(b"\'").
func AppendByteArray(dst, b []byte) []byte {
	q := QuoteFor(b)
	dst = append(dst, "bytearray(b"...)
	dst = append(dst, q)
	dst = AppendByteArrayBody(dst, b, q)
	return append(dst, q, ')')
}

// AppendByteArrayBody appends the escaped contents of repr(bytearray(b))
// without the surrounding bytearray(b'...'); see [AppendStrBody].
func AppendByteArrayBody(dst, b []byte, quote byte) []byte {
	if quote == '"' {
		// The quote is '"' only when b holds no '"'; escape '\'' instead.
		quote = '\''
	}
	return AppendBytesBody(dst, b, quote)
}

// AppendBytesBody appends the escaped contents of repr of a bytes object
// without the b prefix and quotes; see [AppendStrBody].
func AppendBytesBody(dst, b []byte, quote byte) []byte {
	start := 0
	for i, c := range b {
		if c >= 0x20 && c < 0x7f && c != '\\' && c != quote {
			continue
		}
		dst = append(dst, b[start:i]...)
		dst = appendASCII(dst, c, quote) // also right for c >= 0x7f
		start = i + 1
	}
	return append(dst, b[start:]...)
}

// appendASCII appends the repr form of a byte that is not a plain printable
// ASCII character (or is the quote or a backslash). For c >= 0x7f it writes
// \xNN, which is right for bytes; str callers handle c >= 0x80 themselves.
func appendASCII(dst []byte, c, quote byte) []byte {
	switch {
	case c == '\\' || c == quote:
		return append(dst, '\\', c)
	case c == '\t':
		return append(dst, '\\', 't')
	case c == '\n':
		return append(dst, '\\', 'n')
	case c == '\r':
		return append(dst, '\\', 'r')
	case c < 0x20 || c >= 0x7f:
		return append(dst, '\\', 'x', hexDigits[c>>4], hexDigits[c&15])
	}
	return append(dst, c)
}

// appendRuneEscape appends the \x, \u or \U escape CPython uses for a
// non-printable code point.
func appendRuneEscape(dst []byte, r rune) []byte {
	u := uint32(r)
	switch {
	case u < 0x100:
		return append(dst, '\\', 'x', hexDigits[u>>4], hexDigits[u&15])
	case u < 0x10000:
		return append(dst, '\\', 'u', hexDigits[u>>12], hexDigits[u>>8&15], hexDigits[u>>4&15], hexDigits[u&15])
	}
	dst = append(dst, '\\', 'U')
	for shift := 28; shift >= 0; shift -= 4 {
		dst = append(dst, hexDigits[u>>uint(shift)&15])
	}
	return dst
}

// Float returns repr(f) for a Python float.
func Float(f float64) string {
	var buf [32]byte
	return string(AppendFloat(buf[:0], f))
}

// AppendFloat appends repr(f) to dst: the shortest digits that read back as
// f, in fixed notation when the decimal exponent is in [-4, 16) (with ".0"
// added to integral values) and in exponent notation otherwise ("1e+16",
// "1e-05", "1.5e+300"); "nan", "inf", "-inf" and "-0.0" for the special
// values.
func AppendFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "nan"...)
	case math.IsInf(f, 1):
		return append(dst, "inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-inf"...)
	case f == 0:
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	var buf [32]byte
	// Shortest round-trip digits in the form [-]d[.ddd]e±XX.
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	if e[0] == '-' {
		dst = append(dst, '-')
		e = e[1:]
	}
	var digits [24]byte
	nd := 0
	i := 0
	for ; e[i] != 'e'; i++ {
		if e[i] != '.' {
			digits[nd] = e[i]
			nd++
		}
	}
	exp := 0
	for _, c := range e[i+2:] {
		exp = exp*10 + int(c-'0')
	}
	if e[i+1] == '-' {
		exp = -exp
	}
	decpt := exp + 1 // position of the decimal point relative to the digits
	d := digits[:nd]
	switch {
	case decpt <= -4 || decpt > 16:
		dst = append(dst, d[0])
		if nd > 1 {
			dst = append(dst, '.')
			dst = append(dst, d[1:]...)
		}
		dst = append(dst, 'e')
		if exp < 0 {
			dst = append(dst, '-')
			exp = -exp
		} else {
			dst = append(dst, '+')
		}
		if exp < 10 {
			dst = append(dst, '0')
		}
		return strconv.AppendInt(dst, int64(exp), 10)
	case decpt <= 0:
		dst = append(dst, '0', '.')
		for ; decpt < 0; decpt++ {
			dst = append(dst, '0')
		}
		return append(dst, d...)
	case decpt < nd:
		dst = append(dst, d[:decpt]...)
		dst = append(dst, '.')
		return append(dst, d[decpt:]...)
	default:
		dst = append(dst, d...)
		for ; decpt > nd; decpt-- {
			dst = append(dst, '0')
		}
		return append(dst, '.', '0')
	}
}

// Int returns repr(x) for a Python int: its decimal digits. A nil x is
// printed as Python's None. CPython 3.11 refuses (raises ValueError) to
// convert an int of more than 4300 decimal digits by default; Int has no
// such limit, callers that must mimic it check first.
func Int(x *big.Int) string {
	if x == nil {
		return "None"
	}
	return x.String()
}

// Int64 returns repr(v) for a Python int that fits in an int64.
func Int64(v int64) string {
	return strconv.FormatInt(v, 10)
}

// Bool returns repr(b) for a Python bool: "True" or "False".
func Bool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}
