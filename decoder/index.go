package decoder

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime"

	"pklx/model"
)

// opShape is how to step over one opcode's argument, precomputed per byte
// for IndexOps's loop.
type opShape struct {
	valid bool
	fixed uint8 // argument bytes, or the length prefix's size when counted
	count bool  // a length prefix and that many bytes follow
	lines uint8 // '\n'-terminated lines
}

// indexYieldEvery is yieldEvery for IndexOps, which steps over an op in a
// fifth of the time the decoder takes to decode one: it yields about as
// often in time. A yield is not free: where another processor is idle,
// runtime.Gosched wakes a thread to look for work (a system call; at every
// 8192 ops it took a third of the index pass's time).
const indexYieldEvery = 1 << 15

// shapes is opShape for every byte value.
var shapes = func() (t [256]opShape) {
	for c := range t {
		info := model.Ops[c]
		t[c] = opShape{valid: info.Valid, fixed: uint8(info.Arg.FixedLen()), count: info.Arg.Counted(), lines: uint8(info.Arg.Lines())}
	}
	return t
}()

// IndexOps reads the ops of the one pickle that starts at start, up to its
// STOP, and indexes them without decoding: no stack, no memo, no graph. It
// is the fast first pass that lets a window show the opcode trace and the
// hex view of a big file while the full decode is still running. The
// Pickle it returns has ops only (NumNodes is 0, Root is NoNode,
// Complete is false); err is an *Error when the op stream itself is broken
// (an unknown opcode, an argument cut short, a FRAME past the end is not
// an error here) or wraps ErrCanceled. Options.Context, Progress and
// Release are honoured as by Decode.
func IndexOps(data []byte, start int64, opts Options) (*model.Pickle, error) {
	b := model.NewOpsBuilder(data, start)
	n := int64(len(data))
	pos := start
	var err error
	proto, maxOp := -1, 0
	for {
		if pos >= n {
			err = &Error{Offset: n, Err: ErrTruncated, Detail: "pickle exhausted before STOP"}
			break
		}
		if count := b.NumOps(); count%indexYieldEvery == 0 && count > 0 {
			runtime.Gosched() // see yieldEvery
			if count%progressEvery == 0 {
				if opts.Progress != nil {
					opts.Progress(pos, count)
				}
				if opts.Release != nil {
					opts.Release(pos)
				}
				if ctx := opts.Context; ctx != nil && ctx.Err() != nil {
					err = &Error{Offset: pos, Err: ErrCanceled, Detail: "indexing canceled"}
					break
				}
			}
		}
		if proto >= 0 && b.NumOps()%model.OpStride == 0 {
			// The common ops of a protocol 2+ pickle, a stride at a time.
			if end, k := skipOps(data, pos, n, model.OpStride); k > 0 {
				b.AddOpRun(pos, k)
				pos = end
				continue
			}
		}
		code := data[pos]
		s := &shapes[code]
		if !s.valid {
			err = &Error{Offset: pos, Op: code, HasOp: true, Err: ErrUnknownOpcode, Detail: "unknown opcode"}
			break
		}
		b.AddOp(pos)
		at := pos
		pos++
		switch {
		case s.count:
			w := int64(s.fixed)
			if pos+w > n {
				err = errShort(at, code, w, n-pos)
				break
			}
			var l uint64
			switch w {
			case 1:
				l = uint64(data[pos])
			case 4:
				l = uint64(binary.LittleEndian.Uint32(data[pos:]))
			default:
				l = binary.LittleEndian.Uint64(data[pos:])
			}
			pos += w
			if l > uint64(n-pos) {
				err = errShort(at, code, int64(l), n-pos)
				break
			}
			pos += int64(l)
		case s.fixed > 0:
			if pos+int64(s.fixed) > n {
				err = errShort(at, code, int64(s.fixed), n-pos)
				break
			}
			if code == model.OpProto && proto < 0 {
				proto = int(data[pos])
			}
			pos += int64(s.fixed)
		case s.lines > 0:
			for k := uint8(0); k < s.lines; k++ {
				j := bytes.IndexByte(data[pos:], '\n')
				if j < 0 {
					err = &Error{Offset: at, Op: code, HasOp: true, Err: ErrTruncated, Detail: "no newline ends the argument"}
					break
				}
				pos += int64(j) + 1
			}
		}
		if err != nil {
			pos = n
			break
		}
		if proto < 0 {
			// No PROTO (yet): the protocol is the highest among the opcodes.
			maxOp = max(maxOp, int(model.Ops[code].Proto))
		}
		if code == model.OpStop {
			break
		}
	}
	b.SetEnd(pos)
	if proto < 0 {
		proto = maxOp
	}
	b.SetProtocol(proto)
	p := b.Finish(model.NoNode, nil, false, err)
	return p, err
}

func errShort(at int64, code byte, need, have int64) error {
	return &Error{Offset: at, Op: code, HasOp: true, Err: ErrTruncated,
		Detail: fmt.Sprintf("needs %d argument bytes, only %d remain", need, max(have, 0))}
}

// skipOps steps over up to max ops from pos, all of whose bytes lie before
// n, and returns the offset after the last and how many it stepped over.
// It stops before any op that needs IndexOps's careful path: STOP, PROTO,
// an op with a text-line or 8-byte-counted argument, a byte that is no
// opcode, or an op that might run past n. Each case adds a constant (or a
// length read from the op): the processor predicts the next op's case and
// runs ahead, where a table lookup per op would wait for two loads in a
// row. TestSkipOps checks every byte value against model.OpEnd.
func skipOps(data []byte, pos, n int64, max int) (int64, int) {
	i := 0
	for ; i < max && pos+9 <= n; i++ { // 9: the longest fixed-size op
		switch data[pos] {
		case 0x28, 0x29, 0x30, 0x31, 0x32, 0x4e, 0x51, 0x52, 0x5d, 0x61, 0x62, 0x64, 0x65, 0x6c, 0x6f,
			0x73, 0x74, 0x75, 0x7d, 0x81, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90, 0x91, 0x92, 0x93,
			0x94, 0x97, 0x98: // no argument: MARK ... READONLY_BUFFER (not STOP)
			pos++
		case 0x4b, 0x68, 0x71, 0x82: // BININT1, BINGET, BINPUT, EXT1 (not PROTO)
			pos += 2
		case 0x4d, 0x83: // BININT2, EXT2
			pos += 3
		case 0x4a, 0x6a, 0x72, 0x84: // BININT, LONG_BINGET, LONG_BINPUT, EXT4
			pos += 5
		case 0x47, 0x95: // BINFLOAT, FRAME
			pos += 9
		case 0x43, 0x55, 0x8a, 0x8c: // SHORT_BINBYTES, SHORT_BINSTRING, LONG1, SHORT_BINUNICODE
			l := 2 + int64(data[pos+1])
			if l > n-pos {
				return pos, i
			}
			pos += l
		case 0x42, 0x54, 0x58, 0x8b: // BINBYTES, BINSTRING, BINUNICODE, LONG4
			l := 5 + int64(binary.LittleEndian.Uint32(data[pos+1:]))
			if l > n-pos {
				return pos, i
			}
			pos += l
		default:
			return pos, i
		}
	}
	return pos, i
}
