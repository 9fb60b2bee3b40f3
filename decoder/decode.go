package decoder

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"runtime"
	"strconv"

	"pklx/model"
)

// Options tune a decode. The zero value decodes everything with no progress
// reports.
type Options struct {
	// Context, when set, cancels the decode; the partial result comes back
	// with an error wrapping ErrCanceled.
	Context context.Context
	// Progress, when set, is called from the decoding goroutine every few
	// hundred thousand ops with the bytes and ops done so far.
	Progress func(bytesDone int64, opsDone int)
	// Name is the display name recorded in the File.
	Name string
	// Release, when set, is called from the decoding goroutine with the
	// Progress reports, with an offset of data below which the decoder
	// will not read again (Source.Release drops those pages of a file
	// mapping from memory).
	Release func(upTo int64)
}

const progressEvery = 1 << 18

// yieldEvery is how many ops the decoding loops run between two calls of
// runtime.Gosched (a fraction of a millisecond). A decode keeps a processor
// busy for as long as it runs; a GUI's thread that blocks in a graphics
// call hands its processor over and, while every processor runs a decoding
// goroutine, gets one back only when the scheduler preempts one, up to
// 10 ms later, at every such call. Yielding now and then bounds that wait.
const yieldEvery = 1 << 13

// Decode decodes every pickle in data, back to back. It always returns a
// non-nil *model.File; err is the first pickle's error (an *Error), if any.
// Bytes after the last pickle that do not form one are File.Trailing.
func Decode(data []byte, opts Options) (*model.File, error) {
	f := &model.File{Name: opts.Name, Data: data}
	var off int64
	ops := 0
	for {
		d := newDecoder(data, off, opts, ops)
		p := d.run()
		if len(f.Pickles) > 0 && !p.Complete() && !startsWithProto(data, off) {
			// Not a pickle: trailing data after the last one.
			f.Trailing = model.Span{Start: off, End: int64(len(data))}
			break
		}
		f.Pickles = append(f.Pickles, p)
		ops += p.NumOps()
		if !p.Complete() {
			break
		}
		off = p.Span().End
		if off >= int64(len(data)) {
			break
		}
	}
	return f, f.Err()
}

// DecodeOne decodes the single pickle that starts at offset start.
func DecodeOne(data []byte, start int64, opts Options) (*model.Pickle, error) {
	p := newDecoder(data, start, opts, 0).run()
	return p, p.Err()
}

func startsWithProto(data []byte, off int64) bool {
	return off+1 < int64(len(data)) && data[off] == model.OpProto && data[off+1] <= 5
}

// decoder is the state of one pickle's decode: CPython's stack split into
// objects and marks, the memo, and the model under construction.
type decoder struct {
	frameErr *Error // a FRAME longer than the data, reported if nothing else fails
	data     []byte
	pos      int64
	b        *model.Builder
	stack    []model.NodeID
	marks    []int    // stack lengths at each MARK
	markOps  []uint32 // op index of each MARK
	memo     memoPages
	memoBig  map[uint64]model.NodeID
	memoLen  int
	buffers  uint64
	proto    int
	maxOp    int
	opts     Options
	opsBase  int
	hook     *hook // DecodeSkipping's, else nil
	// current op
	op     uint32
	opPos  int64
	opCode byte
}

func newDecoder(data []byte, start int64, opts Options, opsBase int) *decoder {
	return &decoder{
		data:    data,
		pos:     start,
		b:       model.NewBuilder(data, start),
		opts:    opts,
		opsBase: opsBase,
		proto:   -1,
	}
}

// fail builds the error for the current op.
func (d *decoder) fail(cause error, format string, args ...any) *Error {
	return &Error{Offset: d.opPos, Op: d.opCode, HasOp: true, Err: cause, Detail: fmt.Sprintf(format, args...)}
}

func (d *decoder) warn(format string, args ...any) {
	d.b.Warn(model.Warning{Offset: d.opPos, Op: d.opCode, Msg: fmt.Sprintf(format, args...)})
}

// run decodes until STOP or an error and builds the Pickle.
func (d *decoder) run() *model.Pickle {
	root, err := d.loop()
	// The memo is done with: let its pages go before Finish builds the
	// indexes, which need about as much again.
	d.memo, d.memoBig = memoPages{}, nil
	complete := err == nil && d.frameErr == nil
	if d.proto >= 0 {
		d.b.SetProtocol(d.proto)
	} else {
		d.b.SetProtocol(d.maxOp)
	}
	d.b.SetMemoLen(d.memoLen)
	var stack []model.StackItem
	if err != nil {
		mi := 0
		for i := 0; i <= len(d.stack); i++ {
			for mi < len(d.marks) && d.marks[mi] == i {
				stack = append(stack, model.StackItem{Node: model.NoNode, Mark: true, MarkOp: d.markOps[mi]})
				mi++
			}
			if i < len(d.stack) {
				stack = append(stack, model.StackItem{Node: d.stack[i]})
			}
		}
		if e, ok := err.(*Error); ok && e.HasOp && d.b.NumOps() > 0 && d.opPos == e.Offset && model.Ops[e.Op].Valid {
			// The failing op stays in the index so it can be shown: it ends
			// where its argument ended, or at the end of the data when the
			// argument was cut short.
			end := model.OpEnd(d.data, d.opPos)
			if end <= d.opPos {
				end = d.opPos + 1
			}
			d.b.SetEnd(end)
		}
	}
	var rerr error
	if err != nil {
		rerr = err
	}
	if d.frameErr != nil && !errors.Is(err, ErrCanceled) {
		// Where CPython stops; what decoded after it is kept all the same.
		rerr = d.frameErr
	}
	return d.b.Finish(root, stack, complete, rerr)
}

// need checks that n argument bytes follow the opcode byte at d.opPos.
func (d *decoder) need(n int64) error {
	if n < 0 || n > int64(len(d.data))-d.pos {
		return d.fail(ErrTruncated, "needs %d argument bytes, only %d remain", n, int64(len(d.data))-d.pos)
	}
	return nil
}

// line reads a '\n'-terminated argument.
func (d *decoder) line() ([]byte, error) {
	i := bytes.IndexByte(d.data[d.pos:], '\n')
	if i < 0 {
		return nil, d.fail(ErrTruncated, "no newline ends the argument")
	}
	l := d.data[d.pos : d.pos+int64(i)]
	d.pos += int64(i) + 1
	return l, nil
}

// counted reads a length prefix of size k and skips that many bytes.
func (d *decoder) counted(k int64, signed bool) error {
	if err := d.need(k); err != nil {
		return err
	}
	var n uint64
	switch k {
	case 1:
		n = uint64(d.data[d.pos])
	case 4:
		v := binary.LittleEndian.Uint32(d.data[d.pos:])
		if signed && int32(v) < 0 {
			return d.fail(ErrBadArgument, "negative byte count %d", int32(v))
		}
		n = uint64(v)
	case 8:
		n = binary.LittleEndian.Uint64(d.data[d.pos:])
	}
	d.pos += k
	rem := uint64(int64(len(d.data)) - d.pos)
	if n > rem {
		return d.fail(ErrTruncated, "length %d but only %d bytes remain", n, rem)
	}
	d.pos += int64(n)
	return nil
}

func (d *decoder) push(n model.NodeID) {
	if len(d.stack) == cap(d.stack) {
		d.stack = grow(d.stack)
	}
	d.stack = append(d.stack, n)
}

// grow doubles s's capacity. append grows big slices by a quarter at a
// time, which copies a deep stack (a pickle nested 200,000 levels deep)
// about five times over; doubling copies it once.
func grow[T any](s []T) []T {
	g := make([]T, len(s), 2*cap(s)+64)
	copy(g, s)
	return g
}

// fence is the stack length below which pops may not go (the top MARK).
func (d *decoder) fence() int {
	if len(d.marks) == 0 {
		return 0
	}
	return d.marks[len(d.marks)-1]
}

func (d *decoder) pop() (model.NodeID, error) {
	if len(d.stack) <= d.fence() {
		return 0, d.fail(ErrStackUnderflow, "stack underflow: the op needs an object on the stack")
	}
	n := d.stack[len(d.stack)-1]
	d.stack = d.stack[:len(d.stack)-1]
	return n, nil
}

func (d *decoder) top() (model.NodeID, error) {
	if len(d.stack) <= d.fence() {
		return 0, d.fail(ErrStackUnderflow, "stack underflow: the op needs an object on the stack")
	}
	return d.stack[len(d.stack)-1], nil
}

// popMark pops everything above the top MARK and the MARK itself; the items
// stay valid until the next push.
func (d *decoder) popMark() ([]model.NodeID, error) {
	if len(d.marks) == 0 {
		return nil, d.fail(ErrNoMark, "no MARK on the stack")
	}
	m := d.marks[len(d.marks)-1]
	d.marks = d.marks[:len(d.marks)-1]
	d.markOps = d.markOps[:len(d.markOps)-1]
	items := d.stack[m:]
	d.stack = d.stack[:m]
	return items, nil
}

// memoPageBits sizes the memo's pages: 64 Ki entries (256 KiB) each.
const memoPageBits = 16

// memoPages is the dense part of the memo: keys 0..len-1, in pages of
// equal size, so that growing it never copies (nor leaves garbage of) a
// big array. Unset entries are NoNode.
type memoPages struct {
	pages [][]model.NodeID
	n     uint64 // keys covered
}

func (m *memoPages) len() uint64 { return m.n }

func (m *memoPages) at(key uint64) *model.NodeID {
	return &m.pages[key>>memoPageBits][key&(1<<memoPageBits-1)]
}

// grow covers keys up to and including key.
func (m *memoPages) grow(key uint64) {
	for uint64(len(m.pages))<<memoPageBits <= key {
		p := make([]model.NodeID, 1<<memoPageBits)
		for i := range p {
			p[i] = model.NoNode
		}
		m.pages = append(m.pages, p)
	}
	m.n = key + 1
}

func (d *decoder) memoGet(key uint64) (model.NodeID, error) {
	if key < d.memo.len() {
		if n := *d.memo.at(key); n >= 0 {
			return n, nil
		}
	}
	if n, ok := d.memoBig[key]; ok {
		return n, nil
	}
	return 0, d.fail(ErrMemoMissing, "memo key %d not found", key)
}

func (d *decoder) memoPut(key uint64) error {
	n, err := d.top()
	if err != nil {
		return err
	}
	d.b.SetFlag(n, model.FlagMemo)
	// A dense array while keys stay near the count; a map for sparse keys.
	if key < d.memo.len() {
		slot := d.memo.at(key)
		if *slot >= 0 {
			d.warn("memo key %d redefined", key)
		} else {
			d.memoLen++
		}
		*slot = n
		return nil
	}
	if key < 2*d.memo.len()+1024 {
		d.memo.grow(key)
		*d.memo.at(key) = n
		d.memoLen++
		return nil
	}
	if d.memoBig == nil {
		d.memoBig = map[uint64]model.NodeID{}
	}
	if _, ok := d.memoBig[key]; ok {
		d.warn("memo key %d redefined", key)
	} else {
		d.memoLen++
	}
	d.memoBig[key] = n
	return nil
}

func (d *decoder) node(k model.Kind, val uint64) model.NodeID {
	if d.hook != nil {
		d.hook.node(d.opPos, val)
	}
	return d.b.AddNode(k, d.op, val)
}

func (d *decoder) edge(parent, key, val model.NodeID) {
	if d.hook != nil {
		d.hook.edge(parent, key, val, d.op)
	}
	d.b.AddEdge(parent, key, val, d.op)
}

// pause runs every yieldEvery ops: it yields the processor and, every
// progressEvery ops, reports progress, releases the pages read past and
// stops a canceled decode.
func (d *decoder) pause(count int) error {
	runtime.Gosched()
	if count%progressEvery != 0 {
		return nil
	}
	if d.opts.Progress != nil {
		d.opts.Progress(d.pos, d.opsBase+count)
	}
	if d.opts.Release != nil {
		d.opts.Release(d.pos)
	}
	if ctx := d.opts.Context; ctx != nil && ctx.Err() != nil {
		d.opPos = d.pos
		d.b.SetEnd(d.pos)
		return &Error{Offset: d.pos, Err: ErrCanceled, Detail: "decoding canceled"}
	}
	return nil
}

// loop runs the ops until STOP. It returns the root node.
func (d *decoder) loop() (model.NodeID, error) {
	data := d.data
	n := int64(len(data))
	for {
		if d.pos >= n {
			d.b.SetEnd(n)
			return model.NoNode, &Error{Offset: n, Err: ErrTruncated, Detail: "pickle exhausted before STOP"}
		}
		if count := d.b.NumOps(); count%yieldEvery == 0 && count > 0 {
			if err := d.pause(count); err != nil {
				return model.NoNode, err
			}
		}
		d.opPos = d.pos
		code := data[d.pos]
		d.opCode = code
		info := &model.Ops[code]
		if !info.Valid {
			return model.NoNode, d.fail(ErrUnknownOpcode, "unknown opcode %#02x", code)
		}
		if count := d.b.NumOps(); count >= math.MaxUint32-1 {
			return model.NoNode, d.fail(ErrLimit, "more than %d ops", count)
		}
		d.op = d.b.AddOp(d.pos)
		d.pos++
		if int(info.Proto) > d.maxOp {
			d.maxOp = int(info.Proto)
		}
		root, done, err := d.step(code)
		if err != nil {
			return model.NoNode, err
		}
		d.b.SetEnd(d.pos)
		if done {
			return root, nil
		}
	}
}

// step decodes the op whose opcode byte was just read.
func (d *decoder) step(code byte) (root model.NodeID, done bool, err error) {
	data := d.data
	switch code {
	// Simple values.
	case model.OpNone:
		d.push(d.node(model.KindNone, 0))
	case model.OpNewTrue:
		d.push(d.node(model.KindBool, 1))
	case model.OpNewFalse:
		d.push(d.node(model.KindBool, 0))
	case model.OpBinInt1:
		if err := d.need(1); err != nil {
			return 0, false, err
		}
		d.push(d.node(model.KindInt, uint64(data[d.pos])))
		d.pos++
	case model.OpBinInt2:
		if err := d.need(2); err != nil {
			return 0, false, err
		}
		d.push(d.node(model.KindInt, uint64(binary.LittleEndian.Uint16(data[d.pos:]))))
		d.pos += 2
	case model.OpBinInt:
		if err := d.need(4); err != nil {
			return 0, false, err
		}
		d.push(d.node(model.KindInt, uint64(int64(int32(binary.LittleEndian.Uint32(data[d.pos:]))))))
		d.pos += 4
	case model.OpBinFloat:
		if err := d.need(8); err != nil {
			return 0, false, err
		}
		d.push(d.node(model.KindFloat, binary.BigEndian.Uint64(data[d.pos:])))
		d.pos += 8
	case model.OpLong1, model.OpLong4:
		k := int64(1)
		if code == model.OpLong4 {
			k = 4
		}
		start := d.pos + k
		if err := d.counted(k, true); err != nil {
			return 0, false, err
		}
		d.push(d.intNode(data[start:d.pos]))
	case model.OpInt:
		l, err := d.line()
		if err != nil {
			return 0, false, err
		}
		switch string(l) {
		case "00":
			d.push(d.node(model.KindBool, 0))
		case "01":
			d.push(d.node(model.KindBool, 1))
		default:
			nd, err := d.textInt(l)
			if err != nil {
				return 0, false, err
			}
			d.push(nd)
		}
	case model.OpLong:
		l, err := d.line()
		if err != nil {
			return 0, false, err
		}
		nd, err := d.textInt(bytes.TrimSuffix(l, []byte{'L'}))
		if err != nil {
			return 0, false, err
		}
		d.push(nd)
	case model.OpFloat:
		l, err := d.line()
		if err != nil {
			return 0, false, err
		}
		f, perr := strconv.ParseFloat(string(bytes.TrimSpace(l)), 64)
		if perr != nil && !isRangeErr(perr) {
			return 0, false, d.fail(ErrBadArgument, "could not convert string to float: %q", l)
		}
		d.push(d.node(model.KindFloat, math.Float64bits(f)))

	// Strings and bytes: the node's payload is read back from the op's bytes.
	case model.OpShortBinUnicode, model.OpBinUnicode, model.OpBinUnicode8,
		model.OpShortBinBytes, model.OpBinBytes, model.OpBinBytes8, model.OpByteArray8,
		model.OpShortBinString, model.OpBinString:
		// A length prefix and that many bytes; only BINSTRING's is signed.
		k := int64(model.Ops[code].Arg.FixedLen())
		if err := d.counted(k, code == model.OpBinString); err != nil {
			return 0, false, err
		}
		d.push(d.node(stringKind(code), 0))
	case model.OpUnicode:
		if _, err := d.line(); err != nil {
			return 0, false, err
		}
		d.push(d.node(model.KindStr, 0))
	case model.OpString:
		l, err := d.line()
		if err != nil {
			return 0, false, err
		}
		// CPython strips only the newline (Modules/_pickle.c load_string),
		// and escape_decode rejects a trailing backslash or a short \x.
		if _, ok := model.UnquoteString(l); !ok {
			return 0, false, d.fail(ErrBadArgument, "the STRING opcode argument must be quoted")
		}
		if i := model.BadEscape(l[1 : len(l)-1]); i >= 0 {
			return 0, false, d.fail(ErrBadArgument, "invalid escape at position %d of the STRING argument", i)
		}
		d.push(d.node(model.KindStr8, 0))

	// Containers.
	case model.OpEmptyList:
		d.push(d.node(model.KindList, 0))
	case model.OpEmptyTuple:
		d.push(d.node(model.KindTuple, 0))
	case model.OpEmptyDict:
		d.push(d.node(model.KindDict, 0))
	case model.OpEmptySet:
		d.push(d.node(model.KindSet, 0))
	case model.OpList, model.OpTuple, model.OpFrozenSet:
		items, err := d.popMark()
		if err != nil {
			return 0, false, err
		}
		k := model.KindList
		if code == model.OpTuple {
			k = model.KindTuple
		} else if code == model.OpFrozenSet {
			k = model.KindFrozenSet
		}
		nd := d.node(k, 0)
		for _, it := range items {
			d.edge(nd, model.RoleItem, it)
		}
		d.push(nd)
	case model.OpTuple1, model.OpTuple2, model.OpTuple3:
		k := int(code-model.OpTuple1) + 1
		if len(d.stack)-d.fence() < k {
			return 0, false, d.fail(ErrStackUnderflow, "stack underflow: TUPLE%d needs %d objects", k, k)
		}
		items := d.stack[len(d.stack)-k:]
		nd := d.node(model.KindTuple, 0)
		for _, it := range items {
			d.edge(nd, model.RoleItem, it)
		}
		d.stack = d.stack[:len(d.stack)-k]
		d.push(nd)
	case model.OpDict:
		items, err := d.popMark()
		if err != nil {
			return 0, false, err
		}
		if len(items)%2 != 0 {
			return 0, false, d.fail(ErrBadStack, "odd number of items for DICT")
		}
		nd := d.node(model.KindDict, 0)
		for i := 0; i < len(items); i += 2 {
			d.edge(nd, items[i], items[i+1])
		}
		d.push(nd)
	case model.OpAppend:
		v, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		t, err := d.top()
		if err != nil {
			return 0, false, err
		}
		d.checkTarget(t, model.KindList)
		d.edge(t, model.RoleItem, v)
	case model.OpAppends, model.OpAddItems, model.OpSetItems:
		items, err := d.popMark()
		if err != nil {
			return 0, false, err
		}
		t, err := d.top()
		if err != nil {
			return 0, false, err
		}
		switch code {
		case model.OpAppends:
			d.checkTarget(t, model.KindList)
			for _, it := range items {
				d.edge(t, model.RoleItem, it)
			}
		case model.OpAddItems:
			d.checkTarget(t, model.KindSet)
			for _, it := range items {
				d.edge(t, model.RoleItem, it)
			}
		default:
			if len(items)%2 != 0 {
				return 0, false, d.fail(ErrBadStack, "odd number of items for SETITEMS")
			}
			d.checkTarget(t, model.KindDict)
			for i := 0; i < len(items); i += 2 {
				d.edge(t, items[i], items[i+1])
			}
		}
	case model.OpSetItem:
		v, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		k, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		t, err := d.top()
		if err != nil {
			return 0, false, err
		}
		d.checkTarget(t, model.KindDict)
		d.edge(t, k, v)

	// Stack and memo.
	case model.OpMark:
		if len(d.marks) == cap(d.marks) {
			d.marks, d.markOps = grow(d.marks), grow(d.markOps)
		}
		d.marks = append(d.marks, len(d.stack))
		d.markOps = append(d.markOps, d.op)
	case model.OpPop:
		if len(d.marks) > 0 && d.marks[len(d.marks)-1] == len(d.stack) {
			d.marks = d.marks[:len(d.marks)-1]
			d.markOps = d.markOps[:len(d.markOps)-1]
		} else if _, err := d.pop(); err != nil {
			return 0, false, err
		}
	case model.OpPopMark:
		if _, err := d.popMark(); err != nil {
			return 0, false, err
		}
	case model.OpDup:
		t, err := d.top()
		if err != nil {
			return 0, false, err
		}
		d.push(t)
	case model.OpGet:
		l, err := d.line()
		if err != nil {
			return 0, false, err
		}
		key, perr := strconv.ParseUint(string(l), 10, 64)
		if perr != nil {
			return 0, false, d.fail(ErrBadArgument, "memo key %q is not a number", l)
		}
		nd, err := d.memoGet(key)
		if err != nil {
			return 0, false, err
		}
		d.push(nd)
	case model.OpBinGet:
		if err := d.need(1); err != nil {
			return 0, false, err
		}
		nd, err := d.memoGet(uint64(data[d.pos]))
		if err != nil {
			return 0, false, err
		}
		d.pos++
		d.push(nd)
	case model.OpLongBinGet:
		if err := d.need(4); err != nil {
			return 0, false, err
		}
		nd, err := d.memoGet(uint64(binary.LittleEndian.Uint32(data[d.pos:])))
		if err != nil {
			return 0, false, err
		}
		d.pos += 4
		d.push(nd)
	case model.OpPut:
		l, err := d.line()
		if err != nil {
			return 0, false, err
		}
		key, perr := strconv.ParseUint(string(l), 10, 64)
		if perr != nil {
			return 0, false, d.fail(ErrBadArgument, "memo key %q is not a number", l)
		}
		if err := d.memoPut(key); err != nil {
			return 0, false, err
		}
	case model.OpBinPut:
		if err := d.need(1); err != nil {
			return 0, false, err
		}
		key := uint64(data[d.pos])
		d.pos++
		if err := d.memoPut(key); err != nil {
			return 0, false, err
		}
	case model.OpLongBinPut:
		if err := d.need(4); err != nil {
			return 0, false, err
		}
		key := uint64(binary.LittleEndian.Uint32(data[d.pos:]))
		d.pos += 4
		if err := d.memoPut(key); err != nil {
			return 0, false, err
		}
	case model.OpMemoize:
		if err := d.memoPut(uint64(d.memoLen)); err != nil {
			return 0, false, err
		}

	// Globals and calls: recorded, never resolved or run.
	case model.OpGlobal:
		if err := d.globalPair(); err != nil {
			return 0, false, err
		}
		d.push(d.node(model.KindGlobal, 0))
	case model.OpStackGlobal:
		name, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		mod, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		if d.b.NodeKind(name) != model.KindStr || d.b.NodeKind(mod) != model.KindStr {
			return 0, false, d.fail(ErrBadStack, "STACK_GLOBAL requires str")
		}
		d.push(d.node(model.KindGlobal, uint64(uint32(mod))<<32|uint64(uint32(name))))
	case model.OpReduce, model.OpNewObj:
		args, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		fn, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		if d.b.NodeKind(args) != model.KindTuple {
			d.warn("%s arguments are a %s, not a tuple", model.OpName(code), d.b.NodeKind(args))
		}
		nd := d.node(model.KindCall, 0)
		d.edge(nd, model.RoleCallable, fn)
		d.edge(nd, model.RoleArgs, args)
		d.push(nd)
	case model.OpNewObjEx:
		kwargs, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		args, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		cls, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		nd := d.node(model.KindCall, 0)
		d.edge(nd, model.RoleCallable, cls)
		d.edge(nd, model.RoleArgs, args)
		d.edge(nd, model.RoleKwargs, kwargs)
		d.push(nd)
	case model.OpInst:
		if err := d.globalPair(); err != nil {
			return 0, false, err
		}
		items, err := d.popMark()
		if err != nil {
			return 0, false, err
		}
		args := append([]model.NodeID(nil), items...)
		cls := d.node(model.KindGlobal, 0)
		nd := d.node(model.KindCall, 0)
		d.edge(nd, model.RoleCallable, cls)
		for _, a := range args {
			d.edge(nd, model.RoleArg, a)
		}
		d.push(nd)
	case model.OpObj:
		items, err := d.popMark()
		if err != nil {
			return 0, false, err
		}
		if len(items) == 0 {
			return 0, false, d.fail(ErrStackUnderflow, "OBJ needs a class after the MARK")
		}
		args := append([]model.NodeID(nil), items...)
		nd := d.node(model.KindCall, 0)
		d.edge(nd, model.RoleCallable, args[0])
		for _, a := range args[1:] {
			d.edge(nd, model.RoleArg, a)
		}
		d.push(nd)
	case model.OpBuild:
		state, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		t, err := d.top()
		if err != nil {
			return 0, false, err
		}
		d.edge(t, model.RoleState, state)
		if d.hook != nil {
			if err := d.hook.afterBuild(d, t, state); err != nil {
				return 0, false, err
			}
		}
	case model.OpPersID:
		if _, err := d.line(); err != nil {
			return 0, false, err
		}
		d.push(d.node(model.KindPersID, 0))
	case model.OpBinPersID:
		pid, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		nd := d.node(model.KindPersID, 0)
		d.edge(nd, model.RolePID, pid)
		d.push(nd)
	case model.OpExt1, model.OpExt2, model.OpExt4:
		k := int64(1) << (code - model.OpExt1) // EXT1, EXT2, EXT4
		if err := d.need(k); err != nil {
			return 0, false, err
		}
		c := int64(model.ReadUint(data[d.pos : d.pos+k]))
		if k == 4 {
			c = int64(int32(c))
		}
		d.pos += k
		if c <= 0 {
			return 0, false, d.fail(ErrBadArgument, "EXT specifies code <= 0")
		}
		d.push(d.node(model.KindExt, uint64(c)))
	case model.OpNextBuffer:
		d.push(d.node(model.KindBuffer, d.buffers))
		d.buffers++
	case model.OpReadonlyBuffer:
		t, err := d.top()
		if err != nil {
			return 0, false, err
		}
		d.b.SetFlag(t, model.FlagReadonly)

	// Framing and control.
	case model.OpProto:
		if err := d.need(1); err != nil {
			return 0, false, err
		}
		v := int(data[d.pos])
		d.pos++
		if v > 5 {
			return 0, false, d.fail(ErrUnsupported, "unsupported pickle protocol: %d", v)
		}
		if d.proto < 0 {
			d.proto = v
		}
	case model.OpFrame:
		if err := d.need(8); err != nil {
			return 0, false, err
		}
		n := binary.LittleEndian.Uint64(data[d.pos:])
		d.pos += 8
		if rem := uint64(int64(len(data)) - d.pos); n > rem && d.frameErr == nil {
			// CPython stops here. Decoding goes on into the short frame, so
			// that a cut-off file still shows what it holds; the error stands
			// unless a later one (where the data really ends) replaces it.
			d.frameErr = d.fail(ErrTruncated, "frame of %d bytes but only %d remain", n, rem)
			d.warn("frame of %d bytes but only %d remain", n, rem)
		}
	case model.OpStop:
		v, err := d.pop()
		if err != nil {
			return 0, false, err
		}
		if len(d.stack) > 0 || len(d.marks) > 0 {
			d.warn("stack not empty after STOP: %d objects and %d marks left", len(d.stack), len(d.marks))
		}
		return v, true, nil
	default:
		return 0, false, d.fail(ErrUnknownOpcode, "unknown opcode %#02x", code)
	}
	return 0, false, nil
}

// stringKind is the kind of node a counted string opcode makes.
func stringKind(code byte) model.Kind {
	switch code {
	case model.OpShortBinBytes, model.OpBinBytes, model.OpBinBytes8:
		return model.KindBytes
	case model.OpByteArray8:
		return model.KindByteArray
	case model.OpShortBinString, model.OpBinString:
		return model.KindStr8
	}
	return model.KindStr
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// checkTarget warns when an op that fills a container of kind want is
// applied to something else (CPython would call its method; we record it).
func (d *decoder) checkTarget(t model.NodeID, want model.Kind) {
	k := d.b.NodeKind(t)
	if k == want || k == model.KindCall || k == model.KindGlobal {
		return
	}
	d.warn("%s applied to a %s", model.OpName(d.opCode), k)
}

// globalPair reads the "module\nname\n" argument of GLOBAL and INST.
func (d *decoder) globalPair() error {
	if _, err := d.line(); err != nil {
		return err
	}
	if _, err := d.line(); err != nil {
		return err
	}
	return nil
}

// shortDecimal parses the common case of INT and LONG text without
// allocating: an optional minus sign and 1 to 18 decimal digits, nothing
// else (ParseInt handles the rest: spaces, '+', '_', other bases).
func shortDecimal(t []byte) (int64, bool) {
	neg := len(t) > 0 && t[0] == '-'
	if neg {
		t = t[1:]
	}
	if len(t) == 0 || len(t) > 18 || len(t) > 1 && t[0] == '0' {
		return 0, false
	}
	var v int64
	for _, c := range t {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// intNode makes an int node from little-endian two's complement bytes.
func (d *decoder) intNode(le []byte) model.NodeID {
	if len(le) <= 8 {
		return d.node(model.KindInt, uint64(model.LongInt64(le)))
	}
	return d.node(model.KindBigInt, 0)
}

// textInt makes an int node from decimal text (INT, LONG).
func (d *decoder) textInt(t []byte) (model.NodeID, error) {
	if v, ok := shortDecimal(t); ok {
		return d.node(model.KindInt, uint64(v)), nil
	}
	s := string(bytes.TrimSpace(t))
	if v, err := strconv.ParseInt(s, 0, 64); err == nil {
		return d.node(model.KindInt, uint64(v)), nil
	}
	if _, ok := new(big.Int).SetString(s, 0); ok {
		return d.node(model.KindBigInt, 0), nil
	}
	return 0, d.fail(ErrBadArgument, "invalid literal for int() with base 10: %q", t)
}
