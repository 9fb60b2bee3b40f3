package traceview

import (
	"encoding/binary"
	"runtime"
	"sort"

	"pklx/model"
)

// blockShift sets the checkpoint spacing: one checkpoint every 4096 ops.
const blockShift = 12

const blockMask = 1<<blockShift - 1

// yieldMask sets how often a background build yields the processor: every
// eighth block, 32,768 ops (about 65 µs of the walk). Where a processor is
// idle, a yield wakes a thread to look for work (a system call, about 7 µs
// here): at every block that was a third of W1's index.
const yieldMask = 8<<blockShift - 1

// Index is what the trace needs to print any op's row without walking from
// op 0: at every 4096th op, the number of open MARKs before it and the
// number of memo stores before it; the smallest MARK depth inside each
// block (to find the MARK a late APPENDS closes); and the POP ops that
// removed a MARK rather than an object (rare: only protocol 0 and 1
// picklers write them, and telling them apart needs the stack, which the
// index emulates while it is built).
//
// It costs 12 bytes per 4096 ops plus 4 bytes per MARK-popping POP. A View
// builds the index of its pickle lazily, only as far as the rows it has
// shown; NewIndex builds all of it at once, on any goroutine, for
// SetPickleIndex.
type Index struct {
	p        *model.Pickle
	depth    []int32  // open MARKs before op k<<blockShift
	minDepth []int32  // smallest open-MARK count before any op of block k
	memo     []uint32 // memo stores (PUT, BINPUT, LONG_BINPUT, MEMOIZE) before op k<<blockShift
	popMarks []uint32 // POP ops that popped a MARK, ascending

	// The state of the build, which stops at a block boundary.
	next  int      // ops before next are indexed
	above []uint32 // objects above each open MARK; [0] is below them all
	nmemo uint32
}

// NewIndex builds the whole index of p in one pass over its op codes. The
// Index is immutable once returned (a View never extends a complete one),
// so it may be built on a background goroutine and handed to the UI.
func NewIndex(p *model.Pickle) *Index {
	x := newIndex(p)
	x.extend(p.NumOps(), true)
	return x
}

// For returns a complete x for q when q has the ops x indexes: the same
// bytes from the same start to the same end in as many ops (the index
// depends on the ops alone, and ops tile their bytes, so they are the same
// ops). The index of a big file's index-only pass, built while the file
// decodes, thus serves the decoded pickle. Otherwise For returns nil.
func (x *Index) For(q *model.Pickle) *Index {
	if x == nil || q == nil || !x.Complete() {
		return nil
	}
	p := x.p
	a, b := p.Data(), q.Data()
	if p.Span() != q.Span() || p.NumOps() != q.NumOps() || len(a) != len(b) || len(a) > 0 && &a[0] != &b[0] {
		return nil
	}
	y := *x
	y.p = q
	return &y
}

func newIndex(p *model.Pickle) *Index {
	blocks := (p.NumOps() + blockMask) >> blockShift
	return &Index{
		p:        p,
		depth:    make([]int32, 0, blocks),
		minDepth: make([]int32, 0, blocks),
		memo:     make([]uint32, 0, blocks),
		above:    []uint32{0},
	}
}

// Complete reports whether every op is indexed.
func (x *Index) Complete() bool { return x.next >= x.p.NumOps() }

// ensure indexes at least through the end of op's block.
func (x *Index) ensure(op int) {
	if op >= x.next {
		x.extend(min((op>>blockShift+1)<<blockShift, x.p.NumOps()), false)
	}
}

// extend indexes the ops before end (a block boundary or NumOps),
// emulating the unpickler's stack only as far as counting the objects
// above each MARK, so that it knows whether a POP takes a MARK (as
// pickletools does). A goroutine that builds a whole index yields the
// processor every eighth checkpoint (the UI's goroutine goes first); the UI's
// own lazy extensions do not.
//
// It reads the bytes itself, op after op as model.Pickle.OpsFrom walks
// them (each op ends where model.OpEnd says, never past the pickle's end):
// stack.walk takes the common binary ops in one tight loop, and the others
// are taken one at a time (stack.apply). index_ref_test.go keeps the walk
// with model.Pickle.OpsFrom that it replaced, three times slower, as the
// reference the tests compare it with.
func (x *Index) extend(end int, yield bool) {
	p := x.p
	end = min(end, p.NumOps())
	if end <= x.next {
		return
	}
	data := p.Data()
	last := p.Span().End // no op ends past it
	off := p.OpOffset(x.next)
	s := stack{above: x.above, memo: x.nmemo}
	s.top = len(s.above) - 1
	s.c = int(s.above[s.top])
	for i := x.next; i < end; {
		s.stop = min((i>>blockShift+1)<<blockShift, end)
		if i&blockMask == 0 {
			if yield && i&yieldMask == 0 {
				runtime.Gosched()
			}
			x.depth = append(x.depth, int32(s.top))
			x.minDepth = append(x.minDepth, int32(s.top))
			x.memo = append(x.memo, s.memo)
			s.lo = s.top
		} else {
			s.lo = min(int(x.minDepth[len(x.minDepth)-1]), s.top)
		}
		for i < s.stop {
			off, i = s.walk(data, off, last, i)
			if i < s.stop {
				// An op walk leaves to model.OpEnd and apply.
				code := data[off]
				off = min(model.OpEnd(data, off), last)
				s.apply(x, code, i)
				i++
			}
		}
		x.minDepth[len(x.minDepth)-1] = int32(s.lo)
	}
	s.above[s.top] = uint32(s.c)
	x.next = end
	x.above, x.nmemo = s.above[:s.top+1], s.memo
	if x.Complete() {
		x.above = nil
	}
}

// stack is extend's emulation of the unpickler's stack, as counts of the
// objects above each open MARK, and the state of the block being indexed.
type stack struct {
	above []uint32 // objects above each open MARK; [0] is below them all; [top] is stale while c is live
	top   int      // open MARKs
	c     int      // objects above the innermost MARK
	memo  uint32   // memo stores so far
	lo    int      // the smallest top before any op so far of the current block
	stop  int      // the end of the current block (or of the extend)
}

// walk steps over and applies ops i, i+1, ... from off, the start of op i,
// until the end of the block, or until an op it leaves to the caller (to
// model.OpEnd and apply), and returns where it stopped: that op's offset and
// index. It takes the common binary ops of protocols 1 to 5 when they lie
// before lim, except a POP of a MARK, and a MARK when above is full (the
// two that allocate). Each op's case adds a constant (or a length read from
// the op): the processor predicts the next op's case and runs ahead, where
// a table lookup of the length would wait for two loads in a row. walk
// calls nothing, so that its state stays in registers.
// TestWalkStepsAsOpEnd checks every byte value against model.OpEnd.
func (s *stack) walk(data []byte, off, lim int64, i int) (int64, int) {
	data = data[:min(lim, int64(len(data)))]
	if len(data) < 9 {
		return off, i
	}
	fast := uint64(len(data) - 9) // 9: the longest fixed-size op
	above := s.above[:cap(s.above)]
	top, c, memo, stop := s.top, s.c, s.memo, s.stop
	for ; i < stop && uint64(off) <= fast; i++ {
		code := data[off]
		e := &effects[code]
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
			if l > int64(len(data))-off {
				goto out
			}
			off += l
		case 0x42, 0x54, 0x58, 0x8b: // BINBYTES, BINSTRING, BINUNICODE, LONG4
			l := 5 + int64(binary.LittleEndian.Uint32(data[off+1:off+5]))
			if l > int64(len(data))-off {
				goto out
			}
			off += l
		default:
			goto out
		}
		if e.kind != effPlain {
			// MARK, POP and the ops that pop a MARK: all one byte long.
			switch e.kind {
			case effMark:
				if top+1 >= len(above) {
					off--
					goto out
				}
				above[top] = uint32(c)
				top++
				c = 0
				continue
			case effPop:
				if top > 0 && c == 0 {
					off--
					goto out
				}
			case effPopsMark:
				if top > 0 {
					top--
					c = int(above[top])
					if i+1 < stop {
						s.lo = min(s.lo, top)
					}
				}
			}
		}
		memo += uint32(e.memo)
		c = max(c+int(e.delta), int(e.pushes)) // max(c-pops, 0) + pushes
	}
out:
	s.above = above[:top+1]
	s.top, s.c, s.memo = top, c, memo
	return off, i
}

// apply applies the stack effect of op i, whose code is code: walk's slow
// path, for any op.
func (s *stack) apply(x *Index, code byte, i int) {
	e := &effects[code]
	switch {
	case e.kind == effMark:
		s.above = append(s.above[:s.top], uint32(s.c), 0)
		s.top++
		s.c = 0
		return
	case e.kind == effPop && s.top > 0 && s.c == 0:
		x.popMarks = append(x.popMarks, uint32(i))
		s.pop(i)
		return
	case e.kind == effPopsMark && s.top > 0:
		s.pop(i)
	}
	s.memo += uint32(e.memo)
	s.c = max(s.c+int(e.delta), int(e.pushes))
}

// pop removes the innermost MARK at op i.
func (s *stack) pop(i int) {
	s.top--
	s.above = s.above[:s.top+1]
	s.c = int(s.above[s.top])
	if i+1 < s.stop {
		s.lo = min(s.lo, s.top)
	}
}

// Kinds of opEffect.
const (
	effPlain    = iota // pops objects, then pushes objects
	effMark            // MARK
	effPop             // POP, which pops a MARK when no object lies above it
	effPopsMark        // pops the topmost MARK (and the objects above it), then pushes
)

// opEffect is what an opcode does to the stack the index emulates.
type opEffect struct {
	kind   uint8
	delta  int8  // objects pushed less objects popped (above the MARK for effPopsMark)
	pushes uint8 // objects pushed: the fewest above the MARK after the op
	memo   uint8 // 1 for a memo store
}

// effects is opEffect for every byte value, from model.Ops. A byte that is
// no opcode does nothing. It is never written after init.
var effects = func() (t [256]opEffect) {
	for code := range t {
		info := &model.Ops[code]
		e := opEffect{kind: effPlain, delta: int8(info.Pushes) - int8(info.Pops), pushes: info.Pushes}
		switch {
		case byte(code) == model.OpMark:
			e.kind = effMark
		case byte(code) == model.OpPop:
			e.kind = effPop
		case info.PopsMark:
			e.kind = effPopsMark
		}
		if isMemoStore(byte(code)) {
			e.memo = 1
		}
		t[code] = e
	}
	return t
}()

func isMemoStore(code byte) bool {
	switch code {
	case model.OpPut, model.OpBinPut, model.OpLongBinPut, model.OpMemoize:
		return true
	}
	return false
}

// cursor walks the ops forward from a checkpoint, knowing before each op how
// many MARKs are open, how many memo stores came before, and where the
// MARKs it saw opened are, so a window of rows costs one walk.
type cursor struct {
	p     *model.Pickle
	x     *Index
	data  []byte
	end   int64 // the end of the pickle's ops
	i     int   // the next op
	off   int64 // its offset
	depth int   // open MARKs before op i
	memo  int   // memo stores before op i
	pm    int   // index in x.popMarks of the first entry >= i
	marks []int // ops of the MARKs opened since the walk began and still open
}

// seek positions c just before op i, walking from the nearest checkpoint.
func (c *cursor) seek(p *model.Pickle, x *Index, i int) {
	x.ensure(i)
	b := i >> blockShift
	start := b << blockShift
	*c = cursor{p: p, x: x, data: p.Data(), end: p.Span().End, i: start, off: p.OpOffset(start), marks: c.marks[:0]}
	if b < len(x.depth) {
		c.depth = int(x.depth[b])
		c.memo = int(x.memo[b])
	}
	c.pm = sort.Search(len(x.popMarks), func(k int) bool { return int(x.popMarks[k]) >= start })
	for c.i < i {
		c.step()
	}
}

// moveTo positions c just before op i, walking on from where it is when i
// is not far ahead and seeking otherwise.
func (c *cursor) moveTo(p *model.Pickle, x *Index, i int) {
	if c.p != p || c.x != x || i < c.i || i-c.i > 1<<blockShift {
		c.seek(p, x, i)
		return
	}
	x.ensure(i)
	for c.i < i {
		c.step()
	}
}

// popsMark reports whether op c.i removes a MARK: a PopsMark opcode, or a
// POP of a MARK.
func (c *cursor) popsMark(code byte) bool {
	if model.Ops[code].PopsMark {
		return true
	}
	return code == model.OpPop && c.pm < len(c.x.popMarks) && int(c.x.popMarks[c.pm]) == c.i
}

// step moves past op c.i.
func (c *cursor) step() {
	code := c.data[c.off]
	switch {
	case code == model.OpMark:
		c.depth++
		c.marks = append(c.marks, c.i)
	case c.popsMark(code):
		if c.depth > 0 {
			c.depth--
			if len(c.marks) > 0 {
				c.marks = c.marks[:len(c.marks)-1]
			}
		}
	}
	if isMemoStore(code) {
		c.memo++
	}
	for c.pm < len(c.x.popMarks) && int(c.x.popMarks[c.pm]) <= c.i {
		c.pm++
	}
	c.i++
	// Ops tile the input: the next one starts where this one ends, as the
	// model finds it (model.Pickle.OpSpan).
	c.off = min(model.OpEnd(c.data, c.off), c.end)
}

// code is the opcode byte of op c.i.
func (c *cursor) code() byte { return c.data[c.off] }

// openMark is the op of the innermost open MARK before op c.i, or -1 when
// none is open. When the walk did not see it opened, it finds it from the
// block minima: the last op before c.i with fewer open MARKs is that MARK.
func (c *cursor) openMark() int {
	if c.depth == 0 {
		return -1
	}
	if len(c.marks) > 0 {
		return c.marks[len(c.marks)-1]
	}
	d := int32(c.depth)
	for b := (c.i - 1) >> blockShift; b >= 0; b-- {
		if c.x.minDepth[b] >= d {
			continue
		}
		var w cursor
		w.seek(c.p, c.x, b<<blockShift)
		last := -1
		end := min((b+1)<<blockShift, c.i)
		for w.i < end {
			if int32(w.depth) < d {
				last = w.i
			}
			w.step()
		}
		if last >= 0 {
			return last
		}
		// The low point was after c.i in c.i's own block: look further back.
	}
	return -1
}
