package traceview

import (
	"bytes"
	"context"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pklx/decoder"
	"pklx/model"
)

// sameIndex fails t unless x (built by extend) and ref (built by
// extendRef) hold the same index and the same build state.
func sameIndex(t testing.TB, what string, x, ref *Index) {
	t.Helper()
	diff := func(field string, a, b []int64) {
		t.Helper()
		if !slices.Equal(a, b) {
			k := 0
			for k < min(len(a), len(b)) && a[k] == b[k] {
				k++
			}
			t.Fatalf("%s: %s differs first at [%d] (len %d, reference len %d)", what, field, k, len(a), len(b))
		}
	}
	diff("depth", ints(x.depth), ints(ref.depth))
	diff("minDepth", ints(x.minDepth), ints(ref.minDepth))
	diff("memo", ints(x.memo), ints(ref.memo))
	diff("popMarks", ints(x.popMarks), ints(ref.popMarks))
	diff("above", ints(x.above), ints(ref.above))
	if x.next != ref.next || x.nmemo != ref.nmemo || (x.above == nil) != (ref.above == nil) {
		t.Fatalf("%s: next %d, nmemo %d, above nil %v; reference %d, %d, %v",
			what, x.next, x.nmemo, x.above == nil, ref.next, ref.nmemo, ref.above == nil)
	}
}

func ints[T int32 | uint32](s []T) []int64 {
	out := make([]int64, len(s))
	for i, v := range s {
		out[i] = int64(v)
	}
	return out
}

// checkIndex compares extend with extendRef on p: built whole (through
// NewIndex, which yields), and built lazily to random block boundaries
// (as View.ensure does), with the state compared after each step.
func checkIndex(t testing.TB, what string, p *model.Pickle, rng *rand.Rand) {
	t.Helper()
	n := p.NumOps()
	ref := newIndex(p)
	ref.extendRef(n, true)
	sameIndex(t, what+" whole", NewIndex(p), ref)

	x, y := newIndex(p), newIndex(p)
	blocks := (n + blockMask) >> blockShift
	for step := 0; !x.Complete(); step++ {
		end := n
		if b := x.next>>blockShift + 1; b < blocks && rng.Intn(4) != 0 {
			end = min((b+rng.Intn(blocks-b+1))<<blockShift, n)
		}
		if rng.Intn(2) == 0 {
			x.extend(end, false)
			y.extendRef(end, false)
		} else {
			x.ensure(end - 1) // as a View does: through end-1's block
			y.extendRef(x.next, false)
		}
		sameIndex(t, what+" lazy to "+strconv.Itoa(end), x, y)
	}
	sameIndex(t, what+" lazy whole", x, ref)
}

// TestIndexFixtures compares the index with the reference on every pickle
// fixture in the repository, decoded by decoder.Decode (each pickle of a
// file) and by decoder.IndexOps (the big file's first pass).
func TestIndexFixtures(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var files []string
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != "../.." {
			return filepath.SkipDir
		}
		if ext := filepath.Ext(path); !d.IsDir() && (ext == ".pkl" || ext == ".pickle") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 100 {
		t.Fatalf("found %d fixtures", len(files))
	}
	ops := 0
	for _, fn := range files {
		data, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := decoder.Decode(data, decoder.Options{})
		for k, p := range f.Pickles {
			checkIndex(t, fn+" pickle "+strconv.Itoa(k), p, rng)
			ops += p.NumOps()
		}
		if x, _ := decoder.IndexOps(data, 0, decoder.Options{}); x != nil {
			checkIndex(t, fn+" IndexOps", x, rng)
		}
	}
	t.Logf("%d fixtures, %d ops", len(files), ops)
}

// TestIndexPopOfMark checks the POPs that take a MARK, which protocol 0
// and 1 picklers write for a tuple that contains itself, and the ops
// around them.
func TestIndexPopOfMark(t *testing.T) {
	tests := []struct {
		name     string
		data     []byte
		popMarks []uint32
	}{
		{
			// t = [1, 2]; r = (t,); t.append(r); pickle.dumps(r, 0)
			name: "recursive tuple p0",
			data: []byte("(" + // 0: MARK
				"(lp0\n" + // 1: MARK; 2: LIST; 3: PUT 0
				"I1\naI2\na" + // 4: INT 1; 5: APPEND; 6: INT 2; 7: APPEND
				"(g0\ntp1\na" + // 8: MARK; 9: GET 0; 10: TUPLE; 11: PUT 1; 12: APPEND
				"00" + // 13: POP (the list); 14: POP (the MARK)
				"g1\n."), // 15: GET 1; 16: STOP
			popMarks: []uint32{14},
		},
		{
			// pickle.dumps(r, 1) for the same r: POP_MARK, no POP
			name: "recursive tuple p1",
			data: []byte("(]q\x00" + // 0: MARK; 1: EMPTY_LIST; 2: BINPUT 0
				"(K\x01K\x02" + // 3: MARK; 4: BININT1 1; 5: BININT1 2
				"(h\x00tq\x01e" + // 6: MARK; 7: BINGET 0; 8: TUPLE; 9: BINPUT 1; 10: APPENDS
				"1h\x01."), // 11: POP_MARK; 12: BINGET 1; 13: STOP
		},
		{
			// Hand-made: POPs of MARKs, of objects, and a POP with no MARK
			// open, all in one protocol 1 stream.
			name: "pops",
			data: []byte("((K\x01" + // 0: MARK; 1: MARK; 2: BININT1 1
				"00" + // 3: POP (1); 4: POP (the inner MARK)
				"N0" + // 5: NONE; 6: POP (None)
				"0" + // 7: POP (the outer MARK)
				"N0" + // 8: NONE; 9: POP (no MARK open)
				"0" + // 10: POP of an empty stack
				"N."), // 11: NONE; 12: STOP
			popMarks: []uint32{4, 7},
		},
	}
	rng := rand.New(rand.NewSource(2))
	for _, tc := range tests {
		p := tiled(tc.data, 0, int64(len(tc.data)))
		checkIndex(t, tc.name, p, rng)
		if x := NewIndex(p); !slices.Equal(x.popMarks, tc.popMarks) {
			t.Errorf("%s: POPs of MARKs %v, want %v", tc.name, x.popMarks, tc.popMarks)
		}
		if q, err := decoder.DecodeOne(tc.data, 0, decoder.Options{}); err == nil {
			checkIndex(t, tc.name+" decoded", q, rng)
		} else if tc.name != "pops" {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// tiled is the Pickle whose ops tile data[start:end] as model.OpEnd finds
// them (bytes that are no opcode are one-byte ops), without the decoder:
// any bytes make ops, and data may go on past end.
func tiled(data []byte, start, end int64) *model.Pickle {
	b := model.NewBuilder(data, start)
	for off := start; off < end; off = min(model.OpEnd(data, off), end) {
		b.AddOp(off)
	}
	b.SetEnd(end)
	return b.Finish(model.NoNode, nil, true, nil)
}

// randomOps is n random ops of every kind the index tells apart (MARKs
// open for thousands of ops, POPs of MARKs and of objects, POP_MARK, ops
// that pop a MARK, memo stores, text-line and counted arguments), in the
// bytes of a protocol 2 stream. Its stack may underflow: the index must
// agree with the reference on any op sequence.
func randomOps(rng *rand.Rand, n int) []byte {
	var buf bytes.Buffer
	buf.Write([]byte{0x80, 2}) // PROTO 2
	marks := 0
	for k := 1; k < n; k++ {
		r := rng.Intn(100)
		switch {
		case r < 10:
			buf.WriteByte('(') // MARK
			marks++
		case r < 15:
			buf.WriteByte('0') // POP: of a MARK when it was just opened
		case r < 17 && marks > 0:
			buf.WriteByte('1') // POP_MARK
			marks--
		case r < 24:
			buf.WriteByte("lte\x91du\x90"[rng.Intn(7)]) // LIST, TUPLE, APPENDS, FROZENSET, DICT, SETITEMS, ADDITEMS
			marks = max(marks-1, 0)
		case r < 30:
			buf.Write([]byte{'q', byte(r)}) // BINPUT
		case r < 33:
			buf.WriteByte(0x94) // MEMOIZE
		case r < 36:
			buf.WriteString("p" + strconv.Itoa(r) + "\n") // PUT
		case r < 38:
			buf.WriteString("r\x01\x00\x00\x00") // LONG_BINPUT 1
		case r < 42:
			buf.WriteByte("asR\x852b\x81\x92\x86\x87"[rng.Intn(10)]) // APPEND, SETITEM, REDUCE, TUPLE1, DUP, BUILD, NEWOBJ, NEWOBJ_EX, TUPLE2, TUPLE3
		case r < 45:
			buf.WriteString("I" + strconv.Itoa(r) + "\n") // INT
		case r < 47:
			buf.WriteString("cmod\nname\n") // GLOBAL
		case r < 50:
			l := rng.Intn(300)
			if l < 256 {
				buf.Write([]byte{0x8c, byte(l)}) // SHORT_BINUNICODE
			} else {
				buf.Write([]byte{'X', byte(l), byte(l >> 8), 0, 0}) // BINUNICODE
			}
			buf.Write(make([]byte, l))
		case r < 51:
			buf.Write([]byte{0x8e, 3, 0, 0, 0, 0, 0, 0, 0, 'a', 'b', 'c'}) // BINBYTES8 b'abc'
		case r < 53:
			buf.Write([]byte{'G', 0, 0, 0, 0, 0, 0, 0, 0}) // BINFLOAT 0.0
		case r < 54:
			buf.Write([]byte{0x95, 9, 0, 0, 0, 0, 0, 0, 0}) // FRAME 9
		case r < 57:
			buf.Write([]byte{']', ')', '}', 'N'}[rng.Intn(4):][:1]) // EMPTY_LIST, EMPTY_TUPLE, EMPTY_DICT, NONE
			if rng.Intn(50) == 0 {
				// A long run inside the open MARKs, past checkpoints.
				for j := rng.Intn(6000); j > 0; j-- {
					buf.Write([]byte{'K', 1}) // BININT1 1
				}
			}
		default:
			buf.Write([]byte{'h', byte(r)}) // BINGET
		}
	}
	buf.WriteByte('.') // STOP
	return buf.Bytes()
}

// TestIndexRandomOps compares the index with the reference on long random
// op sequences, built lazily to random block boundaries, and on every one
// of them cut short (the last op cut off by the pickle's end, with the
// data going on past it).
func TestIndexRandomOps(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for trial := 0; trial < 20; trial++ {
		data := randomOps(rng, 1000+rng.Intn(40000))
		checkIndex(t, "trial "+strconv.Itoa(trial), tiled(data, 0, int64(len(data))), rng)
		cut := int64(rng.Intn(len(data)))
		checkIndex(t, "trial "+strconv.Itoa(trial)+" cut", tiled(data, 0, cut), rng)
		start := int64(rng.Intn(len(data)))
		checkIndex(t, "trial "+strconv.Itoa(trial)+" from "+strconv.FormatInt(start, 10), tiled(data, start, int64(len(data))), rng)
	}
}

// TestIndexMarkDepth opens 100,000 MARKs (the stack of counts grows while
// the index is built) and closes them, and leaves 5,000 open at the end.
func TestIndexMarkDepth(t *testing.T) {
	data := []byte{0x80, 2}                                         // PROTO 2
	data = append(data, bytes.Repeat([]byte("(K\x01"), 100_000)...) // MARK; BININT1 1
	data = append(data, bytes.Repeat([]byte("l"), 95_000)...)       // LIST
	data = append(data, '.')                                        // STOP
	checkIndex(t, "deep", tiled(data, 0, int64(len(data))), rand.New(rand.NewSource(4)))
}

// FuzzIndex compares the index with the reference on the ops of any bytes:
// the pickles decoder.Decode finds, the ops decoder.IndexOps finds, and the
// bytes cut into ops as model.OpEnd finds them (from cut to the end).
func FuzzIndex(f *testing.F) {
	for _, dir := range []string{"testdata", "../../decoder/testdata"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.pkl"))
		for _, fn := range files {
			if data, err := os.ReadFile(fn); err == nil && len(data) < 1<<16 {
				f.Add(data, uint16(0))
			}
		}
	}
	f.Add([]byte("((lp0\nI1\naI2\na(g0\ntp1\na00g1\n."), uint16(3))
	f.Add(randomOps(rand.New(rand.NewSource(5)), 9000), uint16(100))
	f.Fuzz(func(t *testing.T, data []byte, cut uint16) {
		rng := rand.New(rand.NewSource(int64(len(data))))
		file, _ := decoder.Decode(data, decoder.Options{})
		for _, p := range file.Pickles {
			checkIndex(t, "Decode", p, rng)
		}
		if x, _ := decoder.IndexOps(data, 0, decoder.Options{}); x != nil {
			checkIndex(t, "IndexOps", x, rng)
		}
		end := int64(len(data))
		if int64(cut) < end {
			end -= int64(cut)
		}
		checkIndex(t, "tiled", tiled(data, 0, end), rng)
	})
}

// BenchmarkIndexFile times NewIndex on the ops of the file named by
// $PKLX_BENCH_FILE, found by decoder.IndexOps as the window's first pass
// finds them: alone, and beside a decode of the file on another goroutine,
// as the window builds it (where its yields find no idle processor to
// wake).
func BenchmarkIndexFile(b *testing.B) {
	fn := os.Getenv("PKLX_BENCH_FILE")
	if fn == "" {
		b.Skip("PKLX_BENCH_FILE is not set")
	}
	data, err := os.ReadFile(fn)
	if err != nil {
		b.Fatal(err)
	}
	p, err := decoder.IndexOps(data, 0, decoder.Options{})
	if err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B) {
		for b.Loop() {
			NewIndex(p)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(p.NumOps()), "ns/op-code")
	}
	b.Run("alone", func(b *testing.B) {
		b.ReportAllocs()
		run(b)
	})
	b.Run("beside-decode", func(b *testing.B) {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			for ctx.Err() == nil {
				decoder.Decode(data, decoder.Options{Context: ctx})
			}
		}()
		run(b)
		cancel()
		<-done
	})
}

// TestIndexMinDepthAtBlockEnd closes a MARK opened before a block with the
// block's last op, by each kind of op that pops a MARK (on the fast and
// the slow path): the depth after it belongs to the next block, not to the
// smallest depth inside this one. Closed one op earlier, it is the
// block's smallest depth, also when an extend ends just after the closing
// op and the next one goes on from there.
func TestIndexMinDepthAtBlockEnd(t *testing.T) {
	for _, closer := range []string{
		"0",         // POP (of the MARK: nothing above it)
		"1",         // POP_MARK
		"l",         // LIST
		"imod\nC\n", // INST
		"\x91",      // FROZENSET
	} {
		const end1 = 2<<blockShift - 1 // the last op of block 1: 8191
		for _, at := range []int{end1, end1 - 1} {
			var data []byte
			data = append(data, 0x80, 2) // op 0: PROTO 2
			for len(data) < 2*blockMask {
				data = append(data, 'K', 1) // ops 1-4094: BININT1 1
			}
			data = append(data, '(') // op 4095: MARK
			for k := blockMask + 1; k < at; k++ {
				data = append(data, 'q', 0) // ops 4096 to at-1: BINPUT 0 (no stack effect)
			}
			data = append(data, closer...) // op at
			for k := at + 1; k <= end1; k++ {
				data = append(data, 'q', 0) // BINPUT 0 to op 8191
			}
			data = append(data, 'N', '.') // ops 8192, 8193: NONE; STOP
			p := tiled(data, 0, int64(len(data)))
			if p.NumOps() != 8194 {
				t.Fatalf("%d ops", p.NumOps())
			}
			what := strconv.Quote(closer) + " at " + strconv.Itoa(at)
			checkIndex(t, what, p, rand.New(rand.NewSource(6)))
			x := NewIndex(p)
			want := []int32{0, 1, 0}
			if at < end1 {
				want[1] = 0
			}
			if !slices.Equal(x.minDepth, want) || !slices.Equal(x.depth, []int32{0, 1, 0}) {
				t.Errorf("%s: depth %v, minDepth %v; want [0 1 0] and %v", what, x.depth, x.minDepth, want)
			}
			// Extends that end inside a block (the View's do not).
			x, ref := newIndex(p), newIndex(p)
			for _, end := range []int{at, at + 1, p.NumOps()} {
				x.extend(end, false)
				ref.extendRef(end, false)
				sameIndex(t, what+" to "+strconv.Itoa(end), x, ref)
			}
		}
	}
}

// TestWalkStepsAsOpEnd checks walk's hand-written cases against the opcode
// table: for every byte value, with short and long arguments and with the
// pickle's end anywhere around the op's end, walk steps over exactly what
// model.OpEnd says or leaves the op to the caller; it never steps over an
// op that ends past the pickle's end, and it always steps over a binary
// op of protocols 1 to 5 (other than BINBYTES8, BINUNICODE8, BYTEARRAY8)
// that ends 9 bytes or more before the end.
func TestWalkStepsAsOpEnd(t *testing.T) {
	for code := 0; code < 256; code++ {
		info := model.Ops[code]
		leaves := !info.Valid || info.Arg.Lines() > 0 || info.Arg.Counted() && info.Arg.FixedLen() == 8
		for _, fill := range []byte{0, 3, 0xff} {
			// The op, then its argument bytes (a length prefix of fill in
			// every byte), then room.
			data := make([]byte, 1+16+300)
			data[0] = byte(code)
			for i := 1; i < len(data); i++ {
				data[i] = fill
			}
			end := model.OpEnd(data, 0)
			for lim := int64(0); lim <= int64(len(data))+1; lim++ {
				s := stack{above: make([]uint32, 1, 4), stop: 1}
				off, i := s.walk(data, 0, lim, 0)
				switch {
				case i == 1 && (off != end || end > lim):
					t.Fatalf("%#02x %s (fill %#x, end %d): stepped to %d, model.OpEnd says %d", code, info.Name, fill, lim, off, end)
				case i == 1 && leaves:
					t.Fatalf("%#02x %s (fill %#x, end %d): stepped over, want it left", code, info.Name, fill, lim)
				case i == 0 && off != 0:
					t.Fatalf("%#02x: left the op but moved to %d", code, off)
				case i == 0 && !leaves && end < int64(len(data)) && end <= lim && lim >= 9:
					t.Fatalf("%#02x %s (fill %#x, end %d): left the op, want a step to %d", code, info.Name, fill, lim, end)
				}
			}
		}
	}
}

// TestIndexEveryOpcode compares the index with the reference on every byte
// value as an op after each of a few stack states (objects and MARKs), the
// state compared just after it and one op later.
func TestIndexEveryOpcode(t *testing.T) {
	prefixes := []string{
		"",        // an empty stack
		"N",       // NONE: one object
		"(",       // MARK: a MARK with nothing above it
		"(NN",     // MARK; NONE; NONE: two objects above a MARK
		"NN(N(",   // two MARKs, objects below each
		"NNNN(NN", // four objects, a MARK, two objects
	}
	rng := rand.New(rand.NewSource(7))
	for code := 0; code < 256; code++ {
		for _, prefix := range prefixes {
			for _, fill := range []byte{1, 0xff} {
				var data []byte
				data = append(data, prefix...)
				data = append(data, byte(code))
				arg := bytes.Repeat([]byte{fill}, 20)
				arg[8], arg[16] = '\n', '\n' // ends text arguments
				data = append(data, arg...)
				end := model.OpEnd(data, int64(len(prefix)))
				data = append(data[:end], "NN"...) // NONE; NONE
				data = append(data, make([]byte, 16)...)
				p := tiled(data, 0, end+2)
				what := strconv.Quote(prefix) + " " + model.OpName(byte(code))
				x, ref := newIndex(p), newIndex(p)
				for _, to := range []int{len(prefix) + 1, len(prefix) + 2} {
					to = min(to, p.NumOps()) // (an argument that runs to the end takes the NONEs)
					x.extend(to, false)
					ref.extendRef(to, false)
					sameIndex(t, what+" to op "+strconv.Itoa(to), x, ref)
				}
				checkIndex(t, what, p, rng)
			}
		}
	}
}
