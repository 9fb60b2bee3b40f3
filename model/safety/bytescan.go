package safety

import (
	"bytes"
	"encoding/binary"
)

// maxNameLen bounds a module or name found by ScanBytes.
const maxNameLen = 256

// ScanBytes looks for global references in raw bytes the decoder did not
// read, data[from:to]: GLOBAL and INST ops ("c" or "i", then module "\n"
// name "\n", both dotted identifiers) and STACK_GLOBAL ops after two
// string ops (SHORT_BINUNICODE, BINUNICODE or UNICODE, each optionally
// followed by a memo op: BINPUT, LONG_BINPUT or MEMOIZE). It returns at
// most max hits (max <= 0: none), in offset order, each rated by Rate.
// The work is linear in to-from; nothing is allocated per byte.
func ScanBytes(data []byte, from, to int64, max int) []PossibleRef {
	if max <= 0 || from < 0 || to > int64(len(data)) || from >= to {
		return nil
	}
	b := data[from:to]
	var out []PossibleRef
	add := func(off int, op string, mod, name []byte) bool {
		m, n := string(mod), string(name)
		out = append(out, PossibleRef{Offset: from + int64(off), Op: op, Module: m, Name: n,
			Global: m + "." + n, Verdict: Rate(m, n)})
		return len(out) < max
	}
	// GLOBAL and INST: go line by line. For each '\n' ending a line, the
	// identifier characters right before it are a candidate module; a 'c'
	// or 'i' among them is a candidate opcode; the whole next line must be
	// a name.
	type found struct {
		off       int
		op        string
		mod, name []byte
	}
	var hits []found
	lineStart := 0
	for lineStart < len(b) {
		nl := bytes.IndexByte(b[lineStart:], '\n')
		if nl < 0 {
			break
		}
		nl += lineStart
		// The next line: a name.
		next := nl + 1
		nl2 := -1
		if next < len(b) {
			if k := bytes.IndexByte(b[next:min(len(b), next+maxNameLen+1)], '\n'); k >= 0 {
				nl2 = next + k
			}
		}
		// A '\r' before a '\n' is tolerated: a text-mode reader (Python 2
		// on Windows) would drop it.
		end2 := nl2
		if end2 > next && b[end2-1] == '\r' {
			end2--
		}
		end1 := nl
		if end1 > lineStart && b[end1-1] == '\r' {
			end1--
		}
		if nl2 > next && end2 > next && validDotted(string(b[next:end2])) {
			// Identifier run before the line end, at most maxNameLen+1 bytes.
			s := end1
			for s > lineStart && end1-s <= maxNameLen && isIdentByte(b[s-1]) {
				s--
			}
			for k := s; k < end1-1 && len(hits) < 4*max; k++ {
				if b[k] != 'c' && b[k] != 'i' {
					continue
				}
				mod := b[k+1 : end1]
				if !validDotted(string(mod)) {
					continue
				}
				op := "GLOBAL"
				if b[k] == 'i' {
					op = "INST"
				}
				hits = append(hits, found{k, op, mod, b[next:end2]})
				break // the longest module only: one candidate per line
			}
		}
		lineStart = nl + 1
	}
	// STACK_GLOBAL: two string ops, then 0x93.
	// The work is bounded by a budget linear in the input: UNICODE
	// candidates inside long runs of 'V' could otherwise cost a line's
	// length each.
	var sg []found
	budget := 32*len(b) + 1<<16
	for i := 0; i < len(b) && len(sg) < 4*max && budget > 0; i++ {
		c := b[i]
		if c != 0x8c && c != 'X' && c != 'V' {
			continue
		}
		mod, j, ok := readStr(b, i)
		budget -= j - i + 1
		if !ok {
			continue
		}
		j = skipMemo(b, j)
		name, k, ok := readStr(b, j)
		budget -= k - j + 1
		if !ok {
			continue
		}
		k = skipMemo(b, k)
		if k < len(b) && b[k] == 0x93 {
			sg = append(sg, found{i, "STACK_GLOBAL", mod, name})
		}
	}
	// Merge in offset order.
	i, j := 0, 0
	for i < len(hits) || j < len(sg) {
		var h found
		if j >= len(sg) || i < len(hits) && hits[i].off <= sg[j].off {
			h = hits[i]
			i++
		} else {
			h = sg[j]
			j++
		}
		if !add(h.off, h.op, h.mod, h.name) {
			break
		}
	}
	return out
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// readStr reads a str op at b[i] whose text is a dotted identifier of at
// most maxNameLen bytes; it returns the text and the offset after the op.
func readStr(b []byte, i int) ([]byte, int, bool) {
	if i >= len(b) {
		return nil, i, false
	}
	var s []byte
	var end int
	switch b[i] {
	case 0x8c: // SHORT_BINUNICODE
		if i+1 >= len(b) {
			return nil, i, false
		}
		n := int(b[i+1])
		end = i + 2 + n
		if end > len(b) {
			return nil, i, false
		}
		s = b[i+2 : end]
	case 'X': // BINUNICODE
		if i+5 > len(b) {
			return nil, i, false
		}
		n := binary.LittleEndian.Uint32(b[i+1:])
		if n > maxNameLen || i+5+int(n) > len(b) {
			return nil, i, false
		}
		end = i + 5 + int(n)
		s = b[i+5 : end]
	case 'V': // UNICODE: text to '\n'
		lim := min(len(b), i+2+maxNameLen)
		k := bytes.IndexByte(b[i+1:lim], '\n')
		if k < 0 {
			return nil, lim, false
		}
		s = b[i+1 : i+1+k]
		end = i + 2 + k
	default:
		return nil, i, false
	}
	if len(s) == 0 || len(s) > maxNameLen || !validDotted(string(s)) {
		return nil, end, false // end: the caller charges the bytes looked at
	}
	return s, end, true
}

// skipMemo skips one memo op (BINPUT, LONG_BINPUT, MEMOIZE) at b[i].
func skipMemo(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case 0x94: // MEMOIZE
		return i + 1
	case 'q': // BINPUT
		return min(len(b), i+2)
	case 'r': // LONG_BINPUT
		return min(len(b), i+5)
	}
	return i
}
