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
		if count := b.NumOps(); count%yieldEvery == 0 && count > 0 {
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
