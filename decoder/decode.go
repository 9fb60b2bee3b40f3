package decoder

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"runtime"
	"strconv"

	"pklx/model"
	"pklx/model/hugemem"
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

// protos is the protocol that introduced each opcode, and notAnOp for a
// byte that is none: the loop checks both with one comparison per op.
var protos = func() (t [256]uint8) {
	for c := range t {
		t[c] = notAnOp
		if model.Ops[c].Valid {
			t[c] = model.Ops[c].Proto
		}
	}
	return t
}()

// notAnOp is protos' entry for a byte that is no opcode: above every
// protocol.
const notAnOp = 0xff

// yieldEvery is how many ops the decoding loops run between two calls of
// runtime.Gosched (a fraction of a millisecond); a multiple of
// reserveEvery. A decode keeps a processor busy for as long as it runs; a
// GUI's thread that blocks in a graphics call hands its processor over and,
// while every processor runs a decoding goroutine, gets one back only when
// the scheduler preempts one, up to 10 ms later, at every such call.
// Yielding now and then bounds that wait.
const yieldEvery = 1 << 13

// reserveEvery is how often, in ops, the decoder makes room in the model
// for the next ops (see model.Builder.Reserve); progressEvery and
// expectAt are multiples of it.
const reserveEvery = 1 << 12

// expectAt is the op count after which the model makes room for the rest
// of the pickle, at the densities of the ops so far (model.Builder.Expect).
const expectAt = 1 << 16

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
	floor    int      // the top MARK's stack length (0 with none): pops stop there
	markOps  []uint32 // op index of each MARK
	memo     memoPages
	memoBig  map[uint64]model.NodeID
	memoLen  int
	buffers  uint64
	proto    int
	maxOp    uint8 // the highest protocol among the opcodes
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
		d.b.SetProtocol(int(d.maxOp))
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
		return d.short(n)
	}
	return nil
}

// short is need's error.
func (d *decoder) short(n int64) error {
	return d.fail(ErrTruncated, "needs %d argument bytes, only %d remain", n, int64(len(d.data))-d.pos)
}

// line reads a '\n'-terminated argument. A line of up to 7 bytes (most
// protocol 0 arguments: memo keys, small ints, short strings) is found in
// one 8-byte word, inline; longLine does the rest.
func (d *decoder) line() ([]byte, error) {
	if rest := d.data[d.pos:]; len(rest) >= 8 {
		if m := newlines(binary.LittleEndian.Uint64(rest)); m != 0 {
			l := rest[:bits.TrailingZeros64(m)/8]
			d.pos += int64(len(l)) + 1
			return l, nil
		}
	}
	return d.longLine()
}

// longLine is line for a line of 8 bytes or more, or near the end of data.
func (d *decoder) longLine() ([]byte, error) {
	i := newline(d.data, d.pos)
	if i < 0 {
		return nil, d.fail(ErrTruncated, "no newline ends the argument")
	}
	l := d.data[d.pos:i]
	d.pos = i + 1
	return l, nil
}

// newline is the offset of the first '\n' in data at or after pos, or -1.
// Protocol 0 lines are mostly short: the first 16 bytes are looked at 8 at
// a time, in registers, before bytes.IndexByte takes over.
func newline(data []byte, pos int64) int64 {
	for k := 0; k < 2 && pos+8 <= int64(len(data)); k++ {
		if m := newlines(binary.LittleEndian.Uint64(data[pos:])); m != 0 {
			return pos + int64(bits.TrailingZeros64(m)/8)
		}
		pos += 8
	}
	if pos >= int64(len(data)) {
		return -1
	}
	i := bytes.IndexByte(data[pos:], '\n')
	if i < 0 {
		return -1
	}
	return pos + int64(i)
}

// newlines marks the bytes of the little-endian word w that are '\n' with
// their high bit, exactly up to the first one: the lowest marked byte is
// the first newline (the borrows of the test mark only bytes above a
// newline).
func newlines(w uint64) uint64 {
	const ones, highs, nls = 0x0101010101010101, 0x8080808080808080, 0x0a0a0a0a0a0a0a0a
	x := w ^ nls
	return (x - ones) &^ x & highs
}

// memoKey reads the memo key of a GET or PUT: a decimal number and a
// newline. The common key, 1 to 19 digits, is read in the same pass that
// looks for the newline.
func (d *decoder) memoKey() (uint64, error) {
	rest := d.data[d.pos:]
	var v uint64
	for i, c := range rest[:min(len(rest), 20)] {
		if c == '\n' {
			if i == 0 {
				break
			}
			d.pos += int64(i) + 1
			return v, nil
		}
		if c-'0' > 9 || i == 19 {
			break
		}
		v = v*10 + uint64(c-'0')
	}
	l, err := d.line()
	if err != nil {
		return 0, err
	}
	v, err = strconv.ParseUint(string(l), 10, 64)
	if err != nil {
		return 0, d.fail(ErrBadArgument, "memo key %q is not a number", l)
	}
	return v, nil
}

// plainFloat reports whether t is a float as Python's repr writes a
// finite one: an optional minus sign, digits, optionally a point and
// digits, optionally an exponent. strconv.ParseFloat accepts all of them
// (a value out of range is accepted too, as infinity).
func plainFloat(t []byte) bool {
	i := 0
	if i < len(t) && t[i] == '-' {
		i++
	}
	start := i
	for i < len(t) && t[i]-'0' <= 9 {
		i++
	}
	if i == start {
		return false
	}
	if i < len(t) && t[i] == '.' {
		i++
		for i < len(t) && t[i]-'0' <= 9 {
			i++
		}
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '-' || t[i] == '+') {
			i++
		}
		exp := i
		for i < len(t) && t[i]-'0' <= 9 {
			i++
		}
		if i == exp {
			return false
		}
	}
	return i == len(t)
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

// markFloor is the floor the top MARK sets: its stack length, 0 with none.
func (d *decoder) markFloor() int {
	if len(d.marks) == 0 {
		return 0
	}
	return d.marks[len(d.marks)-1]
}

// pop pops the top of the stack, or is NoNode when the stack is empty
// down to the top MARK (the caller fails with underflow).
func (d *decoder) pop() model.NodeID {
	s := d.stack
	if len(s) <= d.floor {
		return model.NoNode
	}
	d.stack = s[:len(s)-1]
	return s[len(s)-1]
}

// top is the top of the stack, or NoNode as for pop.
func (d *decoder) top() model.NodeID {
	if len(d.stack) <= d.floor {
		return model.NoNode
	}
	return d.stack[len(d.stack)-1]
}

// underflow is the error of an op that found no object where pop or top
// looked.
func (d *decoder) underflow() error {
	return d.fail(ErrStackUnderflow, "stack underflow: the op needs an object on the stack")
}

// popMark pops everything above the top MARK and the MARK itself; the items
// stay valid until the next push.
func (d *decoder) popMark() ([]model.NodeID, error) {
	if len(d.marks) == 0 {
		return nil, d.fail(ErrNoMark, "no MARK on the stack")
	}
	m := d.marks[len(d.marks)-1]
	d.marks = d.marks[:len(d.marks)-1]
	d.floor = d.markFloor()
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
	pages []*[1 << memoPageBits]model.NodeID
	n     uint64 // keys covered
	// spare is the unused rest of the slab that pages after the first come
	// from: memoSlabPages of them in one huge-page array.
	spare []model.NodeID
}

// memoSlabPages is how many memo pages after the first are allocated at
// once: 2 MiB, one huge page where the kernel grants them, instead of 512
// faults of 4 KiB.
const memoSlabPages = 8

func (m *memoPages) len() uint64 { return m.n }

func (m *memoPages) at(key uint64) *model.NodeID {
	return &m.pages[key>>memoPageBits][key&(1<<memoPageBits-1)]
}

// grow covers keys up to and including key.
func (m *memoPages) grow(key uint64) {
	const page = 1 << memoPageBits
	for uint64(len(m.pages))<<memoPageBits <= key {
		var p *[page]model.NodeID
		if len(m.pages) == 0 {
			p = new([page]model.NodeID) // most pickles need no more
		} else {
			if len(m.spare) == 0 {
				m.spare = hugemem.Make[model.NodeID](memoSlabPages*page, memoSlabPages*page)
			}
			p, m.spare = (*[page]model.NodeID)(m.spare), m.spare[page:]
		}
		for i := range p {
			p[i] = model.NoNode
		}
		m.pages = append(m.pages, p)
	}
	m.n = key + 1
}

// get is the node stored at key in the dense memo, or NoNode.
func (m *memoPages) get(key uint64) model.NodeID {
	if key >= m.n {
		return model.NoNode
	}
	return m.pages[key>>memoPageBits][key&(1<<memoPageBits-1)]
}

// memoGet is the node stored at a key that the dense memo does not hold
// (the GET ops look there first, with d.memo.get, which inlines): the
// sparse map's, else an error.
func (d *decoder) memoGet(key uint64) (model.NodeID, error) {
	if n, ok := d.memoBig[key]; ok {
		return n, nil
	}
	return 0, d.fail(ErrMemoMissing, "memo key %d not found", key)
}

func (d *decoder) memoPut(key uint64) error {
	n := d.top()
	if n < 0 {
		return d.underflow()
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

// items adds an edge of role from parent to each of vals.
func (d *decoder) items(parent model.NodeID, role model.Role, vals []model.NodeID) {
	if d.hook != nil {
		for _, v := range vals {
			d.hook.edge(parent, role, v, d.op)
		}
	}
	d.b.AddItems(parent, role, vals, d.op)
}

// entries adds the dict entries of kv (key, value, key, value, ...) to
// parent; len(kv) is even.
func (d *decoder) entries(parent model.NodeID, kv []model.NodeID) {
	if d.hook != nil {
		for i := 0; i+1 < len(kv); i += 2 {
			d.hook.edge(parent, kv[i], kv[i+1], d.op)
		}
	}
	d.b.AddEntries(parent, kv, d.op)
}

// loop runs the ops until STOP. It returns the root node.
//
// Every opcode's case is in the loop itself rather than in a function it
// calls per op: the compiler then keeps the decoder's state in registers
// across ops (W2 decodes a quarter faster). The builder's end of the pickle
// is set once, where the loop stops: at the end of the last op that
// decoded (the start of the one that failed).
func (d *decoder) loop() (model.NodeID, error) {
	data := d.data
	n := int64(len(data))
	count := d.b.NumOps()
	// The next op count at which to make room, report progress, look for
	// a cancel and check the op limit: one comparison per op.
	check := count
	for {
		if d.pos >= n {
			d.b.SetEnd(n)
			return model.NoNode, &Error{Offset: n, Err: ErrTruncated, Detail: "pickle exhausted before STOP"}
		}
		d.opPos = d.pos
		code := data[d.pos]
		d.opCode = code
		if count >= check {
			if err := d.checkpoint(count); err != nil {
				d.b.SetEnd(d.pos)
				return model.NoNode, err
			}
			check = min(count+reserveEvery, math.MaxUint32-1)
		}
		if p := protos[code]; p > d.maxOp {
			if p == notAnOp {
				d.b.SetEnd(d.pos)
				return model.NoNode, d.fail(ErrUnknownOpcode, "unknown opcode %#02x", code)
			}
			d.maxOp = p
		}
		d.op = d.b.AddOp(d.pos)
		count++
		d.pos++
		// The op: every case either falls out of the switch to the next op,
		// or returns (STOP, or an error through halt).
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
				return d.halt(err)
			}
			d.push(d.node(model.KindInt, uint64(data[d.pos])))
			d.pos++
		case model.OpBinInt2:
			if err := d.need(2); err != nil {
				return d.halt(err)
			}
			d.push(d.node(model.KindInt, uint64(binary.LittleEndian.Uint16(data[d.pos:]))))
			d.pos += 2
		case model.OpBinInt:
			if err := d.need(4); err != nil {
				return d.halt(err)
			}
			d.push(d.node(model.KindInt, uint64(int64(int32(binary.LittleEndian.Uint32(data[d.pos:]))))))
			d.pos += 4
		case model.OpBinFloat:
			if err := d.need(8); err != nil {
				return d.halt(err)
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
				return d.halt(err)
			}
			d.push(d.intNode(data[start:d.pos]))
		case model.OpInt:
			l, err := d.line()
			if err != nil {
				return d.halt(err)
			}
			switch string(l) {
			case "00":
				d.push(d.node(model.KindBool, 0))
			case "01":
				d.push(d.node(model.KindBool, 1))
			default:
				nd, err := d.textInt(l)
				if err != nil {
					return d.halt(err)
				}
				d.push(nd)
			}
		case model.OpLong:
			l, err := d.line()
			if err != nil {
				return d.halt(err)
			}
			nd, err := d.textInt(bytes.TrimSuffix(l, []byte{'L'}))
			if err != nil {
				return d.halt(err)
			}
			d.push(nd)
		case model.OpFloat:
			l, err := d.line()
			if err != nil {
				return d.halt(err)
			}
			// The value is read back from the op's bytes when asked for: only
			// whether it parses matters here, and Python's repr of a finite
			// float surely does.
			if !plainFloat(l) {
				if _, perr := strconv.ParseFloat(string(bytes.TrimSpace(l)), 64); perr != nil && !isRangeErr(perr) {
					return d.halt(d.fail(ErrBadArgument, "could not convert string to float: %q", l))
				}
			}
			d.push(d.node(model.KindFloat, 0))

		// Strings and bytes: the node's payload is read back from the op's bytes.
		case model.OpShortBinUnicode, model.OpBinUnicode, model.OpBinUnicode8,
			model.OpShortBinBytes, model.OpBinBytes, model.OpBinBytes8, model.OpByteArray8,
			model.OpShortBinString, model.OpBinString:
			// A length prefix and that many bytes; only BINSTRING's is signed.
			k := int64(model.Ops[code].Arg.FixedLen())
			if err := d.counted(k, code == model.OpBinString); err != nil {
				return d.halt(err)
			}
			d.push(d.node(stringKind(code), 0))
		case model.OpUnicode:
			if _, err := d.line(); err != nil {
				return d.halt(err)
			}
			d.push(d.node(model.KindStr, 0))
		case model.OpString:
			l, err := d.line()
			if err != nil {
				return d.halt(err)
			}
			// CPython strips only the newline (Modules/_pickle.c load_string),
			// and escape_decode rejects a trailing backslash or a short \x.
			if len(l) < 2 || l[0] != l[len(l)-1] || l[0] != '\'' && l[0] != '"' {
				return d.halt(d.fail(ErrBadArgument, "the STRING opcode argument must be quoted"))
			}
			if i := model.BadEscape(l[1 : len(l)-1]); i >= 0 {
				return d.halt(d.fail(ErrBadArgument, "invalid escape at position %d of the STRING argument", i))
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
				return d.halt(err)
			}
			k := model.KindList
			if code == model.OpTuple {
				k = model.KindTuple
			} else if code == model.OpFrozenSet {
				k = model.KindFrozenSet
			}
			nd := d.node(k, 0)
			d.items(nd, model.RoleItem, items)
			d.push(nd)
		case model.OpTuple1, model.OpTuple2, model.OpTuple3:
			k := int(code-model.OpTuple1) + 1
			if len(d.stack)-d.floor < k {
				return d.halt(d.fail(ErrStackUnderflow, "stack underflow: TUPLE%d needs %d objects", k, k))
			}
			items := d.stack[len(d.stack)-k:]
			nd := d.node(model.KindTuple, 0)
			d.items(nd, model.RoleItem, items)
			d.stack = d.stack[:len(d.stack)-k]
			d.push(nd)
		case model.OpDict:
			items, err := d.popMark()
			if err != nil {
				return d.halt(err)
			}
			if len(items)%2 != 0 {
				return d.halt(d.fail(ErrBadStack, "odd number of items for DICT"))
			}
			nd := d.node(model.KindDict, 0)
			d.entries(nd, items)
			d.push(nd)
		case model.OpAppend:
			v := d.pop()
			if v < 0 {
				return d.halt(d.underflow())
			}
			t := d.top()
			if t < 0 {
				return d.halt(d.underflow())
			}
			d.checkTarget(t, model.KindList)
			d.edge(t, model.RoleItem, v)
		case model.OpAppends, model.OpAddItems, model.OpSetItems:
			items, err := d.popMark()
			if err != nil {
				return d.halt(err)
			}
			t := d.top()
			if t < 0 {
				return d.halt(d.underflow())
			}
			switch code {
			case model.OpAppends:
				d.checkTarget(t, model.KindList)
				d.items(t, model.RoleItem, items)
			case model.OpAddItems:
				d.checkTarget(t, model.KindSet)
				d.items(t, model.RoleItem, items)
			default:
				if len(items)%2 != 0 {
					return d.halt(d.fail(ErrBadStack, "odd number of items for SETITEMS"))
				}
				d.checkTarget(t, model.KindDict)
				d.entries(t, items)
			}
		case model.OpSetItem:
			v := d.pop()
			if v < 0 {
				return d.halt(d.underflow())
			}
			k := d.pop()
			if k < 0 {
				return d.halt(d.underflow())
			}
			t := d.top()
			if t < 0 {
				return d.halt(d.underflow())
			}
			d.checkTarget(t, model.KindDict)
			d.edge(t, k, v)

		// Stack and memo.
		case model.OpMark:
			if len(d.marks) == cap(d.marks) {
				d.marks, d.markOps = grow(d.marks), grow(d.markOps)
			}
			d.marks = append(d.marks, len(d.stack))
			d.floor = len(d.stack)
			d.markOps = append(d.markOps, d.op)
		case model.OpPop:
			if len(d.marks) > 0 && d.marks[len(d.marks)-1] == len(d.stack) {
				d.marks = d.marks[:len(d.marks)-1]
				d.floor = d.markFloor()
				d.markOps = d.markOps[:len(d.markOps)-1]
			} else if d.pop() < 0 {
				return d.halt(d.underflow())
			}
		case model.OpPopMark:
			if _, err := d.popMark(); err != nil {
				return d.halt(err)
			}
		case model.OpDup:
			t := d.top()
			if t < 0 {
				return d.halt(d.underflow())
			}
			d.push(t)
		case model.OpGet:
			key, err := d.memoKey()
			if err != nil {
				return d.halt(err)
			}
			nd := d.memo.get(key)
			if nd < 0 {
				if nd, err = d.memoGet(key); err != nil {
					return d.halt(err)
				}
			}
			d.push(nd)
		case model.OpBinGet:
			if err := d.need(1); err != nil {
				return d.halt(err)
			}
			key := uint64(data[d.pos])
			nd := d.memo.get(key)
			if nd < 0 {
				var err error
				if nd, err = d.memoGet(key); err != nil {
					return d.halt(err)
				}
			}
			d.pos++
			d.push(nd)
		case model.OpLongBinGet:
			if err := d.need(4); err != nil {
				return d.halt(err)
			}
			key := uint64(binary.LittleEndian.Uint32(data[d.pos:]))
			nd := d.memo.get(key)
			if nd < 0 {
				var err error
				if nd, err = d.memoGet(key); err != nil {
					return d.halt(err)
				}
			}
			d.pos += 4
			d.push(nd)
		case model.OpPut:
			key, err := d.memoKey()
			if err != nil {
				return d.halt(err)
			}
			if err := d.memoPut(key); err != nil {
				return d.halt(err)
			}
		case model.OpBinPut:
			if err := d.need(1); err != nil {
				return d.halt(err)
			}
			key := uint64(data[d.pos])
			d.pos++
			if err := d.memoPut(key); err != nil {
				return d.halt(err)
			}
		case model.OpLongBinPut:
			if err := d.need(4); err != nil {
				return d.halt(err)
			}
			key := uint64(binary.LittleEndian.Uint32(data[d.pos:]))
			d.pos += 4
			if err := d.memoPut(key); err != nil {
				return d.halt(err)
			}
		case model.OpMemoize:
			if err := d.memoPut(uint64(d.memoLen)); err != nil {
				return d.halt(err)
			}

		// Globals and calls: recorded, never resolved or run.
		case model.OpGlobal:
			if err := d.globalPair(); err != nil {
				return d.halt(err)
			}
			d.push(d.node(model.KindGlobal, 0))
		case model.OpStackGlobal:
			name := d.pop()
			if name < 0 {
				return d.halt(d.underflow())
			}
			mod := d.pop()
			if mod < 0 {
				return d.halt(d.underflow())
			}
			if d.b.NodeKind(name) != model.KindStr || d.b.NodeKind(mod) != model.KindStr {
				return d.halt(d.fail(ErrBadStack, "STACK_GLOBAL requires str"))
			}
			d.push(d.node(model.KindGlobal, uint64(uint32(mod))<<32|uint64(uint32(name))))
		case model.OpReduce, model.OpNewObj:
			args := d.pop()
			if args < 0 {
				return d.halt(d.underflow())
			}
			fn := d.pop()
			if fn < 0 {
				return d.halt(d.underflow())
			}
			if d.b.NodeKind(args) != model.KindTuple {
				d.warn("%s arguments are a %s, not a tuple", model.OpName(code), d.b.NodeKind(args))
			}
			nd := d.node(model.KindCall, 0)
			d.edge(nd, model.RoleCallable, fn)
			d.edge(nd, model.RoleArgs, args)
			d.push(nd)
		case model.OpNewObjEx:
			kwargs := d.pop()
			if kwargs < 0 {
				return d.halt(d.underflow())
			}
			args := d.pop()
			if args < 0 {
				return d.halt(d.underflow())
			}
			cls := d.pop()
			if cls < 0 {
				return d.halt(d.underflow())
			}
			nd := d.node(model.KindCall, 0)
			d.edge(nd, model.RoleCallable, cls)
			d.edge(nd, model.RoleArgs, args)
			d.edge(nd, model.RoleKwargs, kwargs)
			d.push(nd)
		case model.OpInst:
			if err := d.globalPair(); err != nil {
				return d.halt(err)
			}
			items, err := d.popMark()
			if err != nil {
				return d.halt(err)
			}
			args := append([]model.NodeID(nil), items...)
			cls := d.node(model.KindGlobal, 0)
			nd := d.node(model.KindCall, 0)
			d.edge(nd, model.RoleCallable, cls)
			d.items(nd, model.RoleArg, args)
			d.push(nd)
		case model.OpObj:
			items, err := d.popMark()
			if err != nil {
				return d.halt(err)
			}
			if len(items) == 0 {
				return d.halt(d.fail(ErrStackUnderflow, "OBJ needs a class after the MARK"))
			}
			args := append([]model.NodeID(nil), items...)
			nd := d.node(model.KindCall, 0)
			d.edge(nd, model.RoleCallable, args[0])
			d.items(nd, model.RoleArg, args[1:])
			d.push(nd)
		case model.OpBuild:
			state := d.pop()
			if state < 0 {
				return d.halt(d.underflow())
			}
			t := d.top()
			if t < 0 {
				return d.halt(d.underflow())
			}
			d.edge(t, model.RoleState, state)
			if d.hook != nil {
				if err := d.hook.afterBuild(d, t, state); err != nil {
					return d.halt(err)
				}
			}
		case model.OpPersID:
			if _, err := d.line(); err != nil {
				return d.halt(err)
			}
			d.push(d.node(model.KindPersID, 0))
		case model.OpBinPersID:
			pid := d.pop()
			if pid < 0 {
				return d.halt(d.underflow())
			}
			nd := d.node(model.KindPersID, 0)
			d.edge(nd, model.RolePID, pid)
			d.push(nd)
		case model.OpExt1, model.OpExt2, model.OpExt4:
			k := int64(1) << (code - model.OpExt1) // EXT1, EXT2, EXT4
			if err := d.need(k); err != nil {
				return d.halt(err)
			}
			c := int64(model.ReadUint(data[d.pos : d.pos+k]))
			if k == 4 {
				c = int64(int32(c))
			}
			d.pos += k
			if c <= 0 {
				return d.halt(d.fail(ErrBadArgument, "EXT specifies code <= 0"))
			}
			d.push(d.node(model.KindExt, uint64(c)))
		case model.OpNextBuffer:
			d.push(d.node(model.KindBuffer, d.buffers))
			d.buffers++
		case model.OpReadonlyBuffer:
			t := d.top()
			if t < 0 {
				return d.halt(d.underflow())
			}
			d.b.SetFlag(t, model.FlagReadonly)

		// Framing and control.
		case model.OpProto:
			if err := d.need(1); err != nil {
				return d.halt(err)
			}
			v := int(data[d.pos])
			d.pos++
			if v > 5 {
				return d.halt(d.fail(ErrUnsupported, "unsupported pickle protocol: %d", v))
			}
			if d.proto < 0 {
				d.proto = v
			}
		case model.OpFrame:
			if err := d.need(8); err != nil {
				return d.halt(err)
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
			v := d.pop()
			if v < 0 {
				return d.halt(d.underflow())
			}
			if len(d.stack) > 0 || len(d.marks) > 0 {
				d.warn("stack not empty after STOP: %d objects and %d marks left", len(d.stack), len(d.marks))
			}
			d.b.SetEnd(d.pos)
			return v, nil
		default:
			return d.halt(d.fail(ErrUnknownOpcode, "unknown opcode %#02x", code))
		}
	}
}

// checkpoint runs every reserveEvery ops, before op number count: it
// fails on too many ops, makes room in the model for the next ones, yields
// the processor every yieldEvery ops and,
// every progressEvery ops, reports progress and fails on a canceled
// context.
func (d *decoder) checkpoint(count int) error {
	if count >= math.MaxUint32-1 {
		return d.fail(ErrLimit, "more than %d ops", count)
	}
	if count == expectAt {
		d.b.Expect(d.pos)
	}
	// An op is at least a byte: a small pickle reserves little.
	d.b.Reserve(d.pos, int(min(reserveEvery, int64(len(d.data))-d.pos)))
	if count%yieldEvery == 0 && count > 0 {
		runtime.Gosched() // see yieldEvery
	}
	if count%progressEvery != 0 || count == 0 {
		return nil
	}
	if d.opts.Progress != nil {
		d.opts.Progress(d.pos, d.opsBase+count)
	}
	if d.opts.Release != nil {
		d.opts.Release(d.pos)
	}
	if ctx := d.opts.Context; ctx != nil && ctx.Err() != nil {
		return &Error{Offset: d.pos, Err: ErrCanceled, Detail: "decoding canceled"}
	}
	return nil
}

// halt ends the loop at the op that failed with err: the pickle ends
// where the op starts.
func (d *decoder) halt(err error) (model.NodeID, error) {
	d.b.SetEnd(d.opPos)
	return model.NoNode, err
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
