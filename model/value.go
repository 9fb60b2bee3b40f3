package model

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math"
	"math/big"
	"slices"
	"strconv"
	"unicode/utf8"
)

// OpArg is the raw argument bytes of op i (everything after the opcode
// byte). It is a view into Data.
func (p *Pickle) OpArg(i int) []byte {
	s := p.OpSpan(i)
	return p.data[s.Start+1 : s.End]
}

// NodeArg is the opcode and raw argument bytes of the op that made node n,
// found with one lookup in the op index.
func (p *Pickle) NodeArg(n NodeID) (code byte, arg []byte) {
	off := p.OpOffset(int(p.nodes[n].op))
	end := p.opEnd(off)
	return p.data[off], p.data[off+1 : end]
}

// payload is the value bytes of a string-like node's op: after the length
// prefix for counted kinds, without the trailing newline for line kinds.
func (p *Pickle) payload(n NodeID) (code byte, b []byte) {
	code, arg := p.NodeArg(n)
	k := Ops[code].Arg
	switch {
	case k.Counted():
		return code, arg[min(k.FixedLen(), len(arg)):]
	case k.Lines() == 1:
		return code, bytes.TrimSuffix(arg, []byte{'\n'})
	}
	return code, arg
}

// Float is the value of a KindFloat node.
func (p *Pickle) Float(n NodeID) float64 { return math.Float64frombits(p.val(n)) }

// Int is the value of a KindInt or KindBool node.
func (p *Pickle) Int(n NodeID) int64 { return int64(p.val(n)) }

// hasVal reports whether nodes of kind k have a Val.
func (k Kind) hasVal() bool {
	switch k {
	case KindBool, KindInt, KindFloat, KindExt, KindBuffer, KindGlobal:
		return true
	}
	return false
}

// val is node n's Val (see Node), read from the bytes of the op that made
// it, or from the side table for the values no op holds. The decoder has
// checked every argument, so parsing here cannot fail on what it accepted.
func (p *Pickle) val(n NodeID) uint64 {
	r := p.nodes[n]
	switch r.kind {
	case KindBuffer, KindGlobal:
		k, ok := slices.BinarySearchFunc(p.side, n, func(s sideVal, n NodeID) int { return cmp.Compare(s.n, n) })
		if ok {
			return p.side[k].v
		}
		return 0
	case KindBool, KindInt, KindFloat, KindExt:
	default:
		return 0
	}
	code, arg := p.NodeArg(n)
	return OpValue(code, arg)
}

// OpValue is the Val (see Node) of the node an int, bool, float or EXT op
// makes, from its opcode and argument bytes; 0 for other ops.
func OpValue(code byte, arg []byte) uint64 {
	switch code {
	case OpNewTrue:
		return 1
	case OpNewFalse, OpNone:
		return 0
	case OpBinInt1:
		if len(arg) >= 1 {
			return uint64(arg[0])
		}
	case OpBinInt2:
		if len(arg) >= 2 {
			return uint64(binary.LittleEndian.Uint16(arg))
		}
	case OpBinInt:
		if len(arg) >= 4 {
			return uint64(int64(int32(binary.LittleEndian.Uint32(arg))))
		}
	case OpBinFloat:
		if len(arg) >= 8 {
			return binary.BigEndian.Uint64(arg)
		}
	case OpLong1, OpLong4:
		k := 1
		if code == OpLong4 {
			k = 4
		}
		if len(arg) < k {
			return 0
		}
		return uint64(LongInt64(arg[k:]))
	case OpInt, OpLong:
		t := bytes.TrimSuffix(arg, []byte{'\n'})
		switch string(t) {
		case "00":
			return 0
		case "01":
			return 1
		}
		if code == OpLong {
			t = bytes.TrimSuffix(t, []byte{'L'})
		}
		v, _ := strconv.ParseInt(string(bytes.TrimSpace(t)), 0, 64)
		return uint64(v)
	case OpFloat:
		t := bytes.TrimSuffix(arg, []byte{'\n'})
		f, _ := strconv.ParseFloat(string(bytes.TrimSpace(t)), 64)
		return math.Float64bits(f)
	case OpExt1, OpExt2, OpExt4:
		k := 1 << (code - OpExt1)
		if len(arg) < k {
			return 0
		}
		c := int64(ReadUint(arg[:k]))
		if k == 4 {
			c = int64(int32(c))
		}
		return uint64(c)
	}
	return 0
}

// LongInt64 is the value of little-endian two's complement bytes of at most
// 8 bytes (LONG1, LONG4 payloads); no bytes is 0.
func LongInt64(le []byte) int64 {
	if len(le) == 0 || len(le) > 8 {
		return 0
	}
	u := ReadUint(le)
	shift := uint(64 - 8*len(le))
	return int64(u<<shift) >> shift
}

// BigInt is the value of any int node (KindInt, KindBigInt or KindBool).
func (p *Pickle) BigInt(n NodeID) *big.Int {
	if p.nodes[n].kind != KindBigInt {
		return big.NewInt(int64(p.val(n)))
	}
	code, pl := p.payload(n)
	if code == OpLong1 || code == OpLong4 {
		return DecodeLong(pl)
	}
	text := bytes.TrimSuffix(pl, []byte{'L'})
	v, ok := new(big.Int).SetString(string(bytes.TrimSpace(text)), 0)
	if !ok {
		return new(big.Int)
	}
	return v
}

// DecodeLong reads a little-endian two's complement integer, as LONG1 and
// LONG4 write it (no bytes means 0).
func DecodeLong(le []byte) *big.Int {
	if len(le) == 0 {
		return new(big.Int)
	}
	be := make([]byte, len(le))
	for i, c := range le {
		be[len(le)-1-i] = c
	}
	v := new(big.Int).SetBytes(be)
	if le[len(le)-1]&0x80 != 0 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(8*len(le))))
	}
	return v
}

// Bytes is the content of a KindBytes, KindByteArray or KindStr8 node (for
// KindStr8 written with STRING, after unescaping; otherwise a view into Data
// that must not be modified).
func (p *Pickle) Bytes(n NodeID) []byte {
	code, pl := p.payload(n)
	if code == OpString {
		b, _ := UnquoteString(pl)
		return b
	}
	return pl
}

// ByteLen is the length of a bytes-like or str node's payload as written,
// without copying it.
func (p *Pickle) ByteLen(n NodeID) int64 {
	_, pl := p.payload(n)
	return int64(len(pl))
}

// Str is the value of a KindStr node as UTF-8. A lone surrogate, which
// Python allows in a str, becomes U+FFFD here; use StrRunes to keep it.
func (p *Pickle) Str(n NodeID) string {
	code, raw := p.payload(n)
	if code == OpUnicode {
		return string(DecodeRawUnicodeEscape(raw))
	}
	if utf8.Valid(raw) {
		return string(raw)
	}
	return string(DecodeSurrogatePass(raw))
}

// StrRunes is the value of a KindStr node as code points, keeping lone
// surrogates (U+D800-U+DFFF) as they are.
func (p *Pickle) StrRunes(n NodeID) []rune {
	code, raw := p.payload(n)
	if code == OpUnicode {
		return DecodeRawUnicodeEscape(raw)
	}
	return DecodeSurrogatePass(raw)
}

// StrHasSurrogate reports whether a KindStr node holds a lone surrogate.
func (p *Pickle) StrHasSurrogate(n NodeID) bool {
	for _, r := range p.StrRunes(n) {
		if r >= 0xd800 && r <= 0xdfff {
			return true
		}
	}
	return false
}

// Global is the module and name of a KindGlobal node, as written (Python 2
// names are not mapped here).
func (p *Pickle) Global(n NodeID) (module, name string) {
	code, arg := p.NodeArg(n)
	switch code {
	case OpGlobal, OpInst:
		i := bytes.IndexByte(arg, '\n')
		if i < 0 {
			return string(arg), ""
		}
		rest := bytes.TrimSuffix(arg[i+1:], []byte{'\n'})
		return string(arg[:i]), string(rest)
	case OpStackGlobal:
		v := p.val(n)
		m, nm := NodeID(v>>32), NodeID(uint32(v))
		return p.textOf(m), p.textOf(nm)
	}
	return "", ""
}

// textOf is the text of a str-ish node used as a name.
func (p *Pickle) textOf(n NodeID) string {
	if n < 0 || int(n) >= len(p.nodes) {
		return ""
	}
	switch p.nodes[n].kind {
	case KindStr:
		return p.Str(n)
	case KindStr8, KindBytes:
		return string(p.Bytes(n))
	}
	return ""
}

// PersIDText is the text of a PERSID persistent id (protocol 0). For
// BINPERSID the id is an object: the node's RolePID edge.
func (p *Pickle) PersIDText(n NodeID) (string, bool) {
	code, pl := p.payload(n)
	if code != OpPersID {
		return "", false
	}
	return string(pl), true
}

// CallOp is the opcode that made a KindCall node (REDUCE, NEWOBJ,
// NEWOBJ_EX, INST or OBJ).
func (p *Pickle) CallOp(n NodeID) byte { return p.data[p.OpOffset(int(p.nodes[n].op))] }

// EdgeWithRole is the child of n's first edge with the given role, or NoNode.
func (p *Pickle) EdgeWithRole(n NodeID, r Role) NodeID {
	for _, e := range p.Edges(n) {
		if e.Key == r {
			return e.Val
		}
	}
	return NoNode
}

// DecodeSurrogatePass decodes UTF-8 as CPython's "surrogatepass" handler
// does: encoded surrogates become lone surrogate code points; other invalid
// bytes become U+FFFD.
func DecodeSurrogatePass(b []byte) []rune {
	out := make([]rune, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c == 0xed && i+2 < len(b) && b[i+1]&0xe0 == 0xa0 && b[i+2]&0xc0 == 0x80 {
			out = append(out, rune(c&0x0f)<<12|rune(b[i+1]&0x3f)<<6|rune(b[i+2]&0x3f))
			i += 3
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		out = append(out, r)
		i += size
	}
	return out
}

// DecodeRawUnicodeEscape decodes Python's "raw-unicode-escape" codec, as the
// protocol 0 UNICODE opcode uses: bytes are Latin-1, except \uXXXX and
// \UXXXXXXXX after an odd number of backslashes.
func DecodeRawUnicodeEscape(b []byte) []rune {
	out := make([]rune, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' {
			out = append(out, rune(c))
			continue
		}
		j := i
		for j < len(b) && b[j] == '\\' {
			j++
		}
		run := j - i
		if run%2 == 1 && j < len(b) && (b[j] == 'u' || b[j] == 'U') {
			digits := 4
			if b[j] == 'U' {
				digits = 8
			}
			if j+1+digits <= len(b) {
				if v, err := strconv.ParseUint(string(b[j+1:j+1+digits]), 16, 32); err == nil && v <= 0x10ffff {
					for k := 0; k < run-1; k++ {
						out = append(out, '\\')
					}
					out = append(out, rune(v))
					i = j + digits
					continue
				}
			}
		}
		for k := 0; k < run; k++ {
			out = append(out, '\\')
		}
		i = j - 1
	}
	return out
}

// UnquoteString decodes the argument of a protocol 0 STRING op: a quoted
// Python 2 str literal, unescaped as codecs.escape_decode does. ok is false
// when it is not quoted with matching quotes.
func UnquoteString(lit []byte) (s []byte, ok bool) {
	if len(lit) < 2 || lit[0] != lit[len(lit)-1] || (lit[0] != '\'' && lit[0] != '"') {
		return append([]byte(nil), lit...), false
	}
	return EscapeDecode(lit[1 : len(lit)-1]), true
}

// BadEscape is the index of the first escape that Python's
// codecs.escape_decode rejects in b (a trailing backslash, or \x without
// two hex digits), or -1 when there is none.
func BadEscape(b []byte) int {
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		if i+1 >= len(b) {
			return i
		}
		if b[i+1] == 'x' {
			if i+3 >= len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) {
				return i
			}
			i += 3
			continue
		}
		i++
	}
	return -1
}

// EscapeDecode decodes backslash escapes as Python's codecs.escape_decode.
func EscapeDecode(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' || i+1 >= len(b) {
			out = append(out, c)
			continue
		}
		i++
		switch e := b[i]; e {
		case '\n':
		case '\\', '\'', '"':
			out = append(out, e)
		case 'a':
			out = append(out, 7)
		case 'b':
			out = append(out, 8)
		case 'f':
			out = append(out, 12)
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'v':
			out = append(out, 11)
		case 'x':
			if i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
				v, _ := strconv.ParseUint(string(b[i+1:i+3]), 16, 8)
				out = append(out, byte(v))
				i += 2
			} else {
				out = append(out, '\\', 'x')
			}
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(e - '0')
			for k := 0; k < 2 && i+1 < len(b) && b[i+1] >= '0' && b[i+1] <= '7'; k++ {
				i++
				v = v*8 + int(b[i]-'0')
			}
			out = append(out, byte(v))
		default:
			out = append(out, '\\', e)
		}
	}
	return out
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// ReadUint reads a little-endian unsigned integer of len(b) <= 8 bytes.
func ReadUint(b []byte) uint64 {
	var buf [8]byte
	copy(buf[:], b)
	return binary.LittleEndian.Uint64(buf[:])
}
