package model

import "encoding/binary"

// StepOps steps over the ops that follow one another from off, as OpEnd
// finds their ends, and writes each op's opcode byte to codes: it returns
// the offset after the last op it stepped over and how many it stepped
// over, at most len(codes). It stops before an op it leaves to OpEnd: one
// that might end past lim (or past data), one whose argument is text lines
// or has an 8-byte length, or a byte that is no opcode. Stepping over that
// op with OpEnd and calling again walks any run of ops.
//
// It is the fast way over millions of ops (about a nanosecond each, where
// OpEnd takes several): each common binary op adds a constant or a length
// read from the op, so the processor predicts the next op's case and runs
// ahead where a table lookup per op would wait for two loads in a row.
// TestStepOps checks every byte value against OpEnd.
func StepOps(data []byte, off, lim int64, codes []byte) (int64, int) {
	lim = min(lim, int64(len(data)))
	for k := range codes {
		if off < 0 || off > lim-9 { // 9: the longest fixed-size op
			return off, k
		}
		code := data[off]
		switch code {
		case 0x28, 0x29, 0x2e, 0x30, 0x31, 0x32, 0x4e, 0x51, 0x52, 0x5d, 0x61, 0x62, 0x64, 0x65, 0x6c,
			0x6f, 0x73, 0x74, 0x75, 0x7d, 0x81, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90, 0x91, 0x92,
			0x93, 0x94, 0x97, 0x98: // no argument: MARK, EMPTY_TUPLE, STOP, ... READONLY_BUFFER
			off++
		case 0x4b, 0x68, 0x71, 0x80, 0x82: // BININT1, BINGET, BINPUT, PROTO, EXT1
			off += 2
		case 0x4d, 0x83: // BININT2, EXT2
			off += 3
		case 0x4a, 0x6a, 0x72, 0x84: // BININT, LONG_BINGET, LONG_BINPUT, EXT4
			off += 5
		case 0x47, 0x95: // BINFLOAT, FRAME
			off += 9
		case 0x43, 0x55, 0x8a, 0x8c: // SHORT_BINBYTES, SHORT_BINSTRING, LONG1, SHORT_BINUNICODE
			l := 2 + int64(data[off+1])
			if l > lim-off {
				return off, k
			}
			off += l
		case 0x42, 0x54, 0x58, 0x8b: // BINBYTES, BINSTRING, BINUNICODE, LONG4
			l := 5 + int64(binary.LittleEndian.Uint32(data[off+1:off+5]))
			if l > lim-off {
				return off, k
			}
			off += l
		default:
			return off, k
		}
		codes[k] = code
	}
	return off, len(codes)
}
