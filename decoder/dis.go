package decoder

import (
	"bufio"
	"fmt"
	"io"
	"math/big"
	"strconv"

	"pklx/model"
	"pklx/model/pyrepr"
)

// DisOptions controls Dis.
type DisOptions struct {
	// All goes on through every pickle in the data, as calling
	// pickletools.dis repeatedly on one file object does (offsets are
	// absolute). Precisely, the output is that of
	//
	//	f = open(FILE, 'rb')
	//	while f.peek(1):
	//	    pickletools.dis(f)
	//
	// under CPython 3.11: each pickle gets a fresh stack and memo and its
	// own "highest protocol among opcodes" line, bytes after a STOP start
	// a new pickle (so trailing garbage is disassembled and fails like any
	// broken pickle), the first failure ends the run, and empty data gives
	// no output and no error. Without All, Dis stops after the first STOP,
	// like `python3 -m pickletools FILE`, and ignores what follows.
	All bool
	// Release, when set, is called every 16 MiB or so with an offset below
	// which Dis has done reading (Source.Release drops those pages of a
	// file mapping from memory), as Options.Release is.
	Release func(upTo int64)
}

// DisError is where and why the disassembly stopped, as pickletools reports
// it.
type DisError struct {
	// Offset is where pickletools stops: the failing opcode's offset;
	// len(data) for a stream that ends before STOP; the STOP's offset for a
	// stack left non-empty at STOP.
	Offset int64
	// Op is the pickletools name of the opcode at Offset, or "" when there
	// is none (end of data, or a byte that is not an opcode).
	Op string
	// Reason is pickletools' message (the str() of the exception it
	// raises), e.g. "memo key 7 has never been stored into".
	Reason string
}

// Error returns "offset N (OPNAME): reason", or "offset N: reason" when Op
// is empty.
func (e *DisError) Error() string {
	if e.Op == "" {
		return fmt.Sprintf("offset %d: %s", e.Offset, e.Reason)
	}
	return fmt.Sprintf("offset %d (%s): %s", e.Offset, e.Op, e.Reason)
}

// Dis writes the pickletools disassembly of data to w. On a broken stream it
// writes the ops up to the failure, exactly as pickletools prints them
// before raising, and returns a *DisError.
//
// The output is byte-identical to the standard output of CPython 3.11's
// `python3 -m pickletools FILE` (pickletools.dis with its default indent of
// 4 and no annotations), including on failure: ops before the failing one,
// the failing op's line when pickletools prints it before raising, and the
// lone "%5d: " prefix it leaves when it raises in the middle of a line (an
// int argument of more than 4300 digits, or its IndexError when a MARK was
// popped as an ordinary item and a later op looks for it). See
// [DisOptions.All] for data holding several pickles.
//
// Nothing is allocated from a length read from the data, the work is linear
// in the size of the data and of the output, and large string arguments are
// escaped straight into a buffered writer. (pickletools indents each line
// by four spaces per open MARK, so the output itself can grow quadratically
// for data made of nested MARKs; Dis writes what pickletools would.)
//
// An error writing to w is returned as is, ending the disassembly.
//
// Where Dis and `python3 -m pickletools` can differ: the command reads a
// real file, and for a counted argument whose length (below sys.maxsize)
// exceeds the bytes left, CPython's buffered reader first tries to allocate
// that many bytes; when the allocation fails (for example a BINBYTES8 that
// claims 2**40 bytes) pickletools dies with a MemoryError and an empty
// message, where Dis reports what pickletools.dis says on a BytesIO ("expected
// 1099511627776 bytes in a bytes8, but only 3 remain"). Dis also assumes
// CPython's defaults: an int_max_str_digits of 4300, and warnings that are
// not turned into errors.
//
// Speed (go test -run='^$' -bench=Dis ./decoder, Go 1.26, a shared 2-CPU VM
// under load): BenchmarkDisLarge, 300,000 memoized strs (2.7 MB in, 25 MB
// out), about 150 ms and 51 allocations per run: some 0.25 µs per op.
func Dis(w io.Writer, data []byte, opts DisOptions) error {
	d := &disState{
		release: opts.Release,
		data:    data,
		sc:      disScanner{data: data},
		// The output is some 5-20 times the input: no need for a large
		// buffer for a small pickle.
		bw: bufio.NewWriterSize(w, min(max(16*len(data), 512), 64<<10)),
	}
	var err error
	var pos int64
	for {
		if opts.All && pos >= int64(len(data)) {
			break
		}
		pos, err = d.pickle(pos)
		if err != nil || !opts.All {
			break
		}
	}
	if d.werr != nil {
		return d.werr
	}
	if ferr := d.bw.Flush(); ferr != nil {
		return ferr
	}
	return err
}

// disState is the state of one Dis call.
type disState struct {
	release  func(upTo int64)
	released int64
	data     []byte
	sc       disScanner
	bw       *bufio.Writer
	werr     error
	line     []byte    // the line being built
	markBuf  []byte    // pickletools' markmsg
	num      []byte    // the repr of a LONG1/LONG4 argument
	stack    []disKind // pickletools' emulated stack
	marks    []int64   // markstack: offsets of the open MARKs
	memo     disMemo
	big      big.Int
	after    [1]disKind // stack_after of a GET that found its key
}

// disStreamMin is the size above which a string argument's repr is written
// in pieces instead of being built in the line buffer.
const disStreamMin = 32 << 10

func (d *disState) write(b []byte) {
	if d.werr == nil {
		_, d.werr = d.bw.Write(b)
	}
}

// pickle disassembles the pickle that starts at start, as one call of
// pickletools.dis does, and returns the offset after its STOP.
func (d *disState) pickle(start int64) (int64, error) {
	data := d.data
	n := int64(len(data))
	d.stack = d.stack[:0]
	d.marks = d.marks[:0]
	d.memo.reset()
	maxProto := -1
	pos := start
	for {
		if d.werr != nil {
			return 0, d.werr
		}
		if pos >= n {
			return 0, &DisError{Offset: n, Reason: "pickle exhausted before seeing STOP"}
		}
		if d.release != nil && pos-d.released >= 16<<20 {
			d.release(pos)
			d.released = pos
		}
		code := data[pos]
		info := &model.Ops[code]
		if !info.Valid {
			return 0, &DisError{Offset: pos, Reason: fmt.Sprintf("at position %d, opcode %s unknown", pos, pyrepr.Bytes(data[pos:pos+1]))}
		}
		arg, next, msg := d.sc.readArg(code, pos+1)
		if msg != "" {
			return 0, &DisError{Offset: pos, Op: info.Name, Reason: string(msg)}
		}
		maxProto = max(maxProto, int(info.Proto))
		depth := len(d.marks) // the indentation is computed before marks are popped

		// pickletools prints "%5d: " first; the rest of the line follows
		// unless something raises while the line is being built.
		prefix := disAppendPos(d.line[:0], pos)
		fail := func(reason string) (int64, error) {
			d.line = prefix
			d.write(prefix)
			return 0, &DisError{Offset: pos, Op: info.Name, Reason: reason}
		}

		eff := &disEffects[code]
		numToPop := len(eff.before)
		markIdx := eff.disMarkIndex()
		var markMsg []byte // pickletools' markmsg, nil for None
		errMsg := ""
		stack := d.stack
		if markIdx >= 0 || (code == model.OpPop && len(stack) > 0 && stack[len(stack)-1] == disMark) {
			if len(d.marks) > 0 {
				markPos := d.marks[len(d.marks)-1]
				d.marks = d.marks[:len(d.marks)-1]
				d.markBuf = append(strconv.AppendInt(append(d.markBuf[:0], "(MARK at "...), markPos, 10), ')')
				markMsg = d.markBuf
				j := len(stack) - 1
				for j >= 0 && stack[j] != disMark {
					j--
				}
				if j < 0 {
					// A mark that was popped as an ordinary item: pickletools
					// empties its stack looking for it and fails on stack[-1].
					return fail("list index out of range")
				}
				stack = stack[:j]
				numToPop = max(markIdx, 0)
			} else {
				errMsg = "no MARK exists on stack"
				d.markBuf = append(d.markBuf[:0], errMsg...)
				markMsg = d.markBuf
			}
		}

		after := eff.after
		switch code {
		case model.OpPut, model.OpBinPut, model.OpLongBinPut, model.OpMemoize:
			var key disMemoKey
			if code == model.OpMemoize {
				key = disMemoKey{small: int64(d.memo.n)}
				d.markBuf = append(strconv.AppendInt(append(d.markBuf[:0], "(as "...), int64(d.memo.n), 10), ')')
				markMsg = d.markBuf
			} else {
				key = disKeyOf(arg)
			}
			switch {
			case d.memo.has(key):
				// arg is None for MEMOIZE.
				errMsg = "memo key " + string(disAppendSmallArg(nil, arg)) + " already defined"
			case len(stack) == 0:
				errMsg = "stack is empty -- can't store into memo"
			case stack[len(stack)-1] == disMark:
				errMsg = "can't store markobject in the memo"
			default:
				d.memo.put(key, stack[len(stack)-1], pos-start)
			}
		case model.OpGet, model.OpBinGet, model.OpLongBinGet:
			if k, ok := d.memo.get(disKeyOf(arg)); ok {
				d.after[0] = k
				after = d.after[:]
			} else {
				errMsg = "memo key " + string(disAppendSmallArg(nil, arg)) + " has never been stored into"
			}
		}
		d.stack = stack

		if arg.class == disArgLong {
			var ok bool
			if d.num, ok = d.appendLong(d.num[:0], arg.text); !ok {
				return fail("Exceeds the limit (4300 digits) for integer string conversion; " +
					"use sys.set_int_max_str_digits() to increase the limit")
			}
		}

		// "%-4s %s%s" % (repr(code)[1:-1], indent * depth, name)
		line := prefix
		if code >= 0x80 {
			line = append(line, '\\', 'x', "0123456789abcdef"[code>>4], "0123456789abcdef"[code&15], ' ')
		} else {
			line = append(line, code, ' ', ' ', ' ', ' ')
		}
		line = d.appendSpaces(line, 4*depth)
		line = append(line, info.Name...)
		if arg.class != disArgNone || markMsg != nil {
			line = d.appendSpaces(line, 10-len(info.Name))
			if arg.class != disArgNone {
				line = append(line, ' ')
				line = d.appendArg(line, arg)
			}
			if markMsg != nil {
				line = append(line, ' ')
				line = append(line, markMsg...)
			}
		}
		line = append(line, '\n')
		d.write(line)
		d.line = line

		if errMsg != "" {
			return 0, &DisError{Offset: pos, Op: info.Name, Reason: errMsg}
		}
		if len(stack) < numToPop {
			return 0, &DisError{Offset: pos, Op: info.Name,
				Reason: fmt.Sprintf("tries to pop %d items from stack with only %d items", numToPop, len(stack))}
		}
		stack = stack[:len(stack)-numToPop]
		if code == model.OpMark {
			d.marks = append(d.marks, pos)
		}
		d.stack = append(stack, after...)
		if code == model.OpStop {
			break
		}
		pos = next
	}
	stopPos := pos
	line := append(d.line[:0], "highest protocol among opcodes = "...)
	line = strconv.AppendInt(line, int64(maxProto), 10)
	line = append(line, '\n')
	d.write(line)
	d.line = line
	if len(d.stack) > 0 {
		b := []byte("stack not empty after STOP: [")
		for i, k := range d.stack {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, disKindNames[k]...)
		}
		b = append(b, ']')
		return 0, &DisError{Offset: stopPos, Op: "STOP", Reason: string(b)}
	}
	return stopPos + 1, d.werr
}

// disAppendPos appends "%5d: " % pos.
func disAppendPos(dst []byte, pos int64) []byte {
	var buf [20]byte
	s := strconv.AppendInt(buf[:0], pos, 10)
	for i := len(s); i < 5; i++ {
		dst = append(dst, ' ')
	}
	dst = append(dst, s...)
	return append(dst, ':', ' ')
}

const disSpaces = "                                                                " // 64

// disIndentStreamMin is the indentation above which appendSpaces writes
// the spaces out instead of appending them to the line.
const disIndentStreamMin = 4 << 10

// appendSpaces appends n spaces (none if n <= 0); very long runs (deep MARK
// nesting) are written out instead of being built up in memory.
func (d *disState) appendSpaces(line []byte, n int) []byte {
	if n > disIndentStreamMin {
		d.write(line)
		line = line[:0]
		for n > 0 {
			chunk := line[:0]
			for len(chunk) < disIndentStreamMin && n > 0 {
				k := min(n, len(disSpaces))
				chunk = append(chunk, disSpaces[:k]...)
				n -= k
			}
			d.write(chunk)
			line = chunk[:0]
		}
		return line
	}
	for n > 0 {
		k := min(n, len(disSpaces))
		line = append(line, disSpaces[:k]...)
		n -= k
	}
	return line
}

// disAppendSmallArg appends repr(arg) for the argument classes that are
// never long: ints, bools and floats. It is what pickletools prints for a
// memo key.
func disAppendSmallArg(dst []byte, arg disArg) []byte {
	switch arg.class {
	case disArgUint:
		return strconv.AppendUint(dst, arg.u, 10)
	case disArgInt:
		return strconv.AppendInt(dst, arg.i, 10)
	case disArgBool:
		if arg.u != 0 {
			return append(dst, "True"...)
		}
		return append(dst, "False"...)
	case disArgDecimal:
		if arg.neg {
			dst = append(dst, '-')
		}
		return append(dst, arg.text...)
	case disArgFloat:
		return pyrepr.AppendFloat(dst, arg.f)
	}
	return append(dst, "None"...)
}

// appendArg appends repr(arg) to line. A long string is written out in
// pieces, in which case the returned line holds only what follows.
func (d *disState) appendArg(line []byte, arg disArg) []byte {
	text := arg.text
	switch arg.class {
	case disArgLong:
		return append(line, d.num...)
	case disArgBytes, disArgBytearray, disArgLatin1, disArgStr:
	default:
		return disAppendSmallArg(line, arg)
	}
	q := pyrepr.QuoteFor(text)
	switch arg.class {
	case disArgBytes:
		line = append(line, 'b')
	case disArgBytearray:
		line = append(line, "bytearray(b"...)
	}
	line = append(line, q)
	for len(text) > 0 {
		end := len(text)
		if end > disStreamMin {
			end = disStreamMin
			if arg.class == disArgStr {
				for end < len(text) && text[end]&0xc0 == 0x80 {
					end++ // cut between code points
				}
			}
		}
		switch arg.class {
		case disArgBytes:
			line = pyrepr.AppendBytesBody(line, text[:end], q)
		case disArgBytearray:
			line = pyrepr.AppendByteArrayBody(line, text[:end], q)
		case disArgLatin1:
			line = pyrepr.AppendLatin1Body(line, text[:end], q)
		default:
			line = pyrepr.AppendStrBody(line, text[:end], q)
		}
		text = text[end:]
		if len(text) > 0 {
			d.write(line)
			line = line[:0]
		}
	}
	line = append(line, q)
	if arg.class == disArgBytearray {
		line = append(line, ')')
	}
	return line
}

// disMaxLongBits bounds the ints whose decimal form is computed: 2**14300
// has more than 4300 digits, so a longer magnitude is over CPython's limit
// without looking further.
const disMaxLongBits = 14300

// appendLong appends the decimal repr of the little-endian two's
// complement int in le (pickle.decode_long), or reports false when CPython
// would refuse to print it for having more than 4300 digits.
func (d *disState) appendLong(dst, le []byte) ([]byte, bool) {
	n := len(le)
	// Drop sign-extension bytes: they do not change the value.
	neg := n > 0 && le[n-1]&0x80 != 0
	ext := byte(0)
	if neg {
		ext = 0xff
	}
	for n > 0 && le[n-1] == ext {
		n--
	}
	if n*8 > disMaxLongBits+16 {
		return dst, false
	}
	// Big-endian magnitude, one extra byte for the sign bit and carry.
	var buf [disMaxLongBits/8 + 8]byte
	mag := buf[:n+1]
	mag[0] = ext
	for i := 0; i < n; i++ {
		mag[n-i] = le[i]
	}
	if neg {
		carry := 1
		for i := len(mag) - 1; i >= 0; i-- {
			v := int(^mag[i]) + carry
			mag[i] = byte(v)
			carry = v >> 8
		}
	}
	x := d.big.SetBytes(mag)
	if x.BitLen() > disMaxLongBits {
		return dst, false
	}
	start := len(dst)
	if neg {
		dst = append(dst, '-')
	}
	dst = x.Append(dst, 10)
	digits := len(dst) - start
	if neg {
		digits--
	}
	return dst, digits <= disIntMaxStrDigits
}

// disMemoKey is a memo key: a Python int, which PUT and GET may write in
// decimal with any number of digits.
type disMemoKey struct {
	small int64
	big   string // sign and digits when the key does not fit in small
}

// disKeyOf is the memo key of a PUT or GET argument. True and False are
// the keys 1 and 0, as in a Python dict.
func disKeyOf(arg disArg) disMemoKey {
	switch arg.class {
	case disArgUint, disArgBool:
		return disMemoKey{small: int64(arg.u)}
	case disArgDecimal:
		if len(arg.text) <= 18 {
			v, _ := strconv.ParseInt(string(arg.text), 10, 64)
			if arg.neg {
				v = -v
			}
			return disMemoKey{small: v}
		}
		if arg.neg {
			return disMemoKey{big: "-" + string(arg.text)}
		}
		return disMemoKey{big: string(arg.text)}
	}
	return disMemoKey{small: arg.i}
}

// disMemo is pickletools' memo, mapping keys to the stack kinds stored.
// Keys that are small compared with the bytes read so far live in a dense
// slice (kind+1, 0 for absent); the rest in maps.
type disMemo struct {
	dense []uint8
	hi    int // dense[hi:] is all zero
	small map[int64]disKind
	big   map[string]disKind
	n     int // len(memo)
}

func (m *disMemo) reset() {
	clear(m.dense[:m.hi])
	m.hi = 0
	m.small = nil
	m.big = nil
	m.n = 0
}

func (m *disMemo) get(k disMemoKey) (disKind, bool) {
	if k.big != "" {
		v, ok := m.big[k.big]
		return v, ok
	}
	if k.small >= 0 && k.small < int64(len(m.dense)) && m.dense[k.small] != 0 {
		return disKind(m.dense[k.small] - 1), true
	}
	v, ok := m.small[k.small]
	return v, ok
}

func (m *disMemo) has(k disMemoKey) bool {
	_, ok := m.get(k)
	return ok
}

// put stores a key that is not yet present; read is the number of bytes of
// the pickle read so far, which bounds the dense slice.
func (m *disMemo) put(k disMemoKey, v disKind, read int64) {
	m.n++
	switch {
	case k.big != "":
		if m.big == nil {
			m.big = make(map[string]disKind)
		}
		m.big[k.big] = v
		return
	case k.small >= 0 && k.small < int64(len(m.dense)):
	case k.small >= 0 && k.small <= 2*read+64:
		// Grow geometrically, but never past what the bytes read so far
		// justify, so memory stays proportional to the input.
		size := min(max(int(k.small)+1, 2*len(m.dense), 64), int(2*read+65))
		nd := make([]uint8, size)
		copy(nd, m.dense[:m.hi])
		m.dense = nd
	default:
		if m.small == nil {
			m.small = make(map[int64]disKind)
		}
		m.small[k.small] = v
		return
	}
	m.dense[k.small] = uint8(v) + 1
	m.hi = max(m.hi, int(k.small)+1)
}
