package model

import "bytes"

// OpEnd is the end of the op whose opcode byte is at off, as its argument
// describes it: after a fixed-size argument, after a length prefix and its
// payload, or after the argument's newline(s). An argument cut short by the
// end of data runs to the end of data; an invalid opcode is one byte.
func OpEnd(data []byte, off int64) int64 {
	n := int64(len(data))
	if off >= n {
		return n
	}
	k := Ops[data[off]].Arg
	pos := off + 1
	switch {
	case k.Counted():
		w := int64(k.FixedLen())
		if pos+w > n {
			return n
		}
		l := ReadUint(data[pos : pos+w])
		if rem := uint64(n - pos - w); l > rem {
			return n
		}
		return pos + w + int64(l)
	case k.FixedLen() > 0:
		return min(pos+int64(k.FixedLen()), n)
	case k.Lines() > 0:
		for i := 0; i < k.Lines(); i++ {
			j := bytes.IndexByte(data[pos:], '\n')
			if j < 0 {
				return n
			}
			pos += int64(j) + 1
		}
		return pos
	}
	return pos
}
