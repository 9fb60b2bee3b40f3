package decoder_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pklx/decoder"
	"pklx/model"
	"pklx/model/view"
)

func decode(t *testing.T, data []byte) (*model.File, error) {
	t.Helper()
	f, err := decoder.Decode(data, decoder.Options{})
	if f == nil || len(f.Pickles) == 0 {
		t.Fatalf("Decode returned no pickle for %q", data)
	}
	checkInvariants(t, f)
	return f, err
}

func TestValues(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string // view.Summary of the root
	}{
		// pickle.dumps(None, 0)
		{"NONE", "N.", "None"},
		// protocol 2 True: PROTO 2, NEWTRUE, STOP
		{"NEWTRUE", "\x80\x02\x88.", "True"},
		// protocol 0 True: INT 01
		{"INT 01", "I01\n.", "True"},
		// INT 00
		{"INT 00", "I00\n.", "False"},
		// pickle.dumps(-5, 0): INT -5
		{"INT", "I-5\n.", "-5"},
		// BININT1 255
		{"BININT1", "K\xff.", "255"},
		// BININT2 65535
		{"BININT2", "M\xff\xff.", "65535"},
		// BININT -1
		{"BININT", "J\xff\xff\xff\xff.", "-1"},
		// pickle.dumps(2**64, 2): LONG1 9 bytes
		{"LONG1", "\x80\x02\x8a\x09\x00\x00\x00\x00\x00\x00\x00\x00\x01.", "18446744073709551616"},
		// LONG1 with 0 bytes is 0
		{"LONG1 zero", "\x8a\x00.", "0"},
		// LONG1 -1
		{"LONG1 neg", "\x8a\x01\xff.", "-1"},
		// LONG4 2 bytes 0x8000 = -32768
		{"LONG4", "\x8b\x02\x00\x00\x00\x00\x80.", "-32768"},
		// protocol 0 LONG with L suffix (Python 2)
		{"LONG", "L123456789012345678901234567890L\n.", "123456789012345678901234567890"},
		// FLOAT 3.14 (protocol 0)
		{"FLOAT", "F3.14\n.", "3.14"},
		// FLOAT as repr writes big and small floats, read back from the op
		{"FLOAT exponent", "F1e+100\n.", "1e+100"},
		{"FLOAT negative exponent", "F-1.5e-07\n.", "-1.5e-07"},
		// FLOAT inf and a padded FLOAT take the slow path: float() reads them
		{"FLOAT inf", "Finf\n.", "inf"},
		{"FLOAT padded", "F 2.5\n.", "2.5"},
		// protocol 0 memo keys: PUT 12, GET 12 (a line of 3 bytes), and a
		// key of 19 digits (PUT, GET), the most the fast path reads
		{"PUT GET", "(I7\np12\ng12\nl.", "list[2]"},
		{"PUT GET long key", "(I7\np1234567890123456789\ng1234567890123456789\nl.", "list[2]"},
		// BINFLOAT 1.5
		{"BINFLOAT", "G?\xf8\x00\x00\x00\x00\x00\x00.", "1.5"},
		// SHORT_BINUNICODE 'é'
		{"SHORT_BINUNICODE", "\x8c\x02\xc3\xa9.", "'é'"},
		// BINUNICODE 'ab'
		{"BINUNICODE", "X\x02\x00\x00\x00ab.", "'ab'"},
		// BINUNICODE8 'a'
		{"BINUNICODE8", "\x8d\x01\x00\x00\x00\x00\x00\x00\x00a.", "'a'"},
		// UNICODE raw-unicode-escape: 'é\u20ac'
		{"UNICODE", "V\xe9\\u20ac\n.", "'é€'"},
		// Python 2 STRING 'a\n' escaped
		{"STRING", "S'a\\n'\n.", "b'a\\n'"},
		// Python 2 SHORT_BINSTRING
		{"SHORT_BINSTRING", "U\x02hi.", "b'hi'"},
		// Python 2 BINSTRING
		{"BINSTRING", "T\x02\x00\x00\x00hi.", "b'hi'"},
		// SHORT_BINBYTES b'\x00'
		{"SHORT_BINBYTES", "C\x01\x00.", "b'\\x00'"},
		// BINBYTES b'ab'
		{"BINBYTES", "B\x02\x00\x00\x00ab.", "b'ab'"},
		// BINBYTES8
		{"BINBYTES8", "\x8e\x01\x00\x00\x00\x00\x00\x00\x00z.", "b'z'"},
		// BYTEARRAY8
		{"BYTEARRAY8", "\x96\x01\x00\x00\x00\x00\x00\x00\x00z.", "bytearray(b'z')"},
		// EMPTY_LIST, BININT1 1, APPEND
		{"APPEND", "]K\x01a.", "list[1]"},
		// MARK, BININT1 1, BININT1 2, LIST
		{"LIST", "(K\x01K\x02l.", "list[2]"},
		// MARK, 1, 2, TUPLE
		{"TUPLE", "(K\x01K\x02t.", "tuple[2]"},
		// 1, 2, 3, TUPLE3
		{"TUPLE3", "K\x01K\x02K\x03\x87.", "tuple[3]"},
		// EMPTY_DICT, 'a', 1, SETITEM
		{"SETITEM", "}\x8c\x01aK\x01s.", "dict[1]"},
		// MARK 'a' 1 DICT
		{"DICT", "(\x8c\x01aK\x01d.", "dict[1]"},
		// EMPTY_SET MARK 1 2 ADDITEMS
		{"ADDITEMS", "\x8f(K\x01K\x02\x90.", "set[2]"},
		// MARK 1 FROZENSET
		{"FROZENSET", "(K\x01\x91.", "frozenset[1]"},
		// GLOBAL os system
		{"GLOBAL", "cos\nsystem\n.", "os.system"},
		// STACK_GLOBAL 'os' 'system'
		{"STACK_GLOBAL", "\x8c\x02os\x8c\x06system\x93.", "os.system"},
		// GLOBAL os system, 'ls', TUPLE1, REDUCE
		{"REDUCE", "cos\nsystem\n\x8c\x02ls\x85R.", "os.system('ls')"},
		// GLOBAL __builtin__ set + list: Python 2 set(list)
		{"py2 set", "c__builtin__\nset\n(]K\x01aK\x02atR.", "set[2]"},
		// PERSID
		{"PERSID", "Pkey1\n.", "persistent id 'key1'"},
		// EXT1 5
		{"EXT1", "\x82\x05.", "extension code 5"},
		// NEXT_BUFFER READONLY_BUFFER
		{"NEXT_BUFFER", "\x80\x05\x97\x98.", "out-of-band buffer #0, read-only"},
		// DUP then POP
		{"DUP POP", "K\x07\x320.", "7"},
		// MARK POP_MARK
		{"POP_MARK", "K\x07(K\x011.", "7"},
		// PROTO 4 FRAME 3 K 1 .
		{"FRAME", "\x80\x04\x95\x03\x00\x00\x00\x00\x00\x00\x00K\x01.", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := decode(t, []byte(tt.data))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			p := f.Pickles[0]
			if got := view.Summary(p, p.Root()); got != tt.want {
				t.Errorf("root = %s, want %s", got, tt.want)
			}
			if p.Span().End != int64(len(tt.data)) {
				t.Errorf("span end %d, want %d", p.Span().End, len(tt.data))
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		cause  error
		offset int64
		op     string
	}{
		// PROTO 2, BINGET 7 never stored
		{"memo missing", "\x80\x02h\x07.", decoder.ErrMemoMissing, 2, "BINGET"},
		// APPEND on an empty stack
		{"underflow", "a.", decoder.ErrStackUnderflow, 0, "APPEND"},
		// 0xff is no opcode
		{"unknown", "K\x01\xff.", decoder.ErrUnknownOpcode, 2, ""},
		// ends without STOP
		{"no stop", "K\x01", decoder.ErrTruncated, 2, ""},
		// BINUNICODE claims 100 bytes
		{"long length", "X\x64\x00\x00\x00ab.", decoder.ErrTruncated, 0, "BINUNICODE"},
		// BINBYTES8 claims 2**62 bytes: checked before allocating
		{"huge length", "\x8e\x00\x00\x00\x00\x00\x00\x00\x40.", decoder.ErrTruncated, 0, "BINBYTES8"},
		// APPENDS without MARK
		{"no mark", "]K\x01e.", decoder.ErrNoMark, 3, "APPENDS"},
		// PROTO 6
		{"protocol 6", "\x80\x06N.", decoder.ErrUnsupported, 0, "PROTO"},
		// SETITEMS with odd items
		{"odd setitems", "}(K\x01u.", decoder.ErrBadStack, 4, "SETITEMS"},
		// APPEND may not pop below a MARK: ] ( K1 a
		{"fence", "](K\x01\x30a.", decoder.ErrStackUnderflow, 5, "APPEND"},
		// STRING must be quoted
		{"unquoted STRING", "Sabc\n.", decoder.ErrBadArgument, 0, "STRING"},
		// FLOAT that float() rejects
		{"bad FLOAT", "F1.5x\n.", decoder.ErrBadArgument, 0, "FLOAT"},
		// GET of a key that is no number, after INT 7 and PUT 0
		{"bad GET key", "I7\np0\ng0x\n.", decoder.ErrBadArgument, 6, "GET"},
		// PUT of a key beyond a uint64 (20 digits), after INT 7
		{"huge PUT key", "I7\np18446744073709551616\n.", decoder.ErrBadArgument, 3, "PUT"},
		// GET of a key that was never PUT
		{"GET missing", "I7\np0\ng1\n.", decoder.ErrMemoMissing, 6, "GET"},
		// UNICODE whose line the data cuts short
		{"cut UNICODE", "Vabcdefghijklmnopqrstuvwxyz", decoder.ErrTruncated, 0, "UNICODE"},
		// FRAME longer than the data
		{"lying FRAME", "\x80\x04\x95\xff\x00\x00\x00\x00\x00\x00\x00N.", decoder.ErrTruncated, 2, "FRAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode(t, []byte(tt.data))
			if !errors.Is(err, tt.cause) {
				t.Fatalf("err = %v, want %v", err, tt.cause)
			}
			var de *decoder.Error
			if !errors.As(err, &de) {
				t.Fatalf("err %T is not *decoder.Error", err)
			}
			if de.Offset != tt.offset {
				t.Errorf("offset = %d, want %d (%v)", de.Offset, tt.offset, err)
			}
			if tt.op != "" && de.OpName() != tt.op {
				t.Errorf("op = %s, want %s", de.OpName(), tt.op)
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	// PROTO 2, then BINGET 7 at offset 2 with nothing in the memo.
	_, err := decoder.Decode([]byte("\x80\x02h\x07."), decoder.Options{})
	want := "pickle: BINGET at offset 0x2: memo key 7 not found"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
}

func TestPartialStack(t *testing.T) {
	// ] MARK K1 K2 then the data ends: the list, a MARK and two ints remain.
	f, err := decode(t, []byte("](K\x01K\x02"))
	if !errors.Is(err, decoder.ErrTruncated) {
		t.Fatalf("err = %v", err)
	}
	p := f.Pickles[0]
	var got []string
	for _, s := range p.Stack() {
		if s.Mark {
			got = append(got, "MARK")
		} else {
			got = append(got, view.Summary(p, s.Node))
		}
	}
	if strings.Join(got, " ") != "list[0] MARK 1 2" {
		t.Errorf("stack = %v", got)
	}
	if p.NumOps() != 4 {
		t.Errorf("ops = %d, want 4", p.NumOps())
	}
}

func TestSharingAndCycles(t *testing.T) {
	// x = [1]; d = {'a': x, 'b': x}; d['self'] = d; pickle.dumps(d, 4), by hand:
	// PROTO 4, EMPTY_DICT, MEMOIZE(0), MARK, 'a' MEMOIZE(1), EMPTY_LIST MEMOIZE(2), K1 APPEND,
	// 'b' MEMOIZE(3), BINGET 2, 'self' MEMOIZE(4), BINGET 0, SETITEMS, STOP
	data := "\x80\x04}\x94(\x8c\x01a\x94]\x94K\x01a\x8c\x01b\x94h\x02\x8c\x04self\x94h\x00u."
	f, err := decode(t, []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	p := f.Pickles[0]
	root := p.Root()
	cs := view.Children(p, root)
	var labels []string
	for _, c := range cs {
		labels = append(labels, view.Label(p, root, c))
	}
	want := []string{"'a': list[1]", "'b': ↪ same as ['a']", "'self': ↻ cycle to the root"}
	if strings.Join(labels, "|") != strings.Join(want, "|") {
		t.Errorf("labels = %q, want %q", labels, want)
	}
	if p.MemoLen() != 5 {
		t.Errorf("memo = %d, want 5", p.MemoLen())
	}
}

func TestConcatenatedAndTrailing(t *testing.T) {
	// Two pickles (K1 . and K2 .) and 3 bytes of zeros.
	f, err := decode(t, []byte("K\x01.K\x02.\x00\x00\x00"))
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	if len(f.Pickles) != 2 {
		t.Fatalf("pickles = %d, want 2", len(f.Pickles))
	}
	if f.Trailing != (model.Span{Start: 6, End: 9}) {
		t.Errorf("trailing = %+v", f.Trailing)
	}
}

func TestProvenance(t *testing.T) {
	// PROTO 2, EMPTY_LIST, BINPUT 0, MARK, K1, K2, APPENDS, STOP
	data := []byte("\x80\x02]q\x00(K\x01K\x02e.")
	f, _ := decode(t, data)
	p := f.Pickles[0]
	root := p.Root()
	if got := p.OpAt(7); got != 4 || model.OpName(p.OpCode(got)) != "BININT1" {
		t.Errorf("OpAt(7) = %d", got)
	}
	if n := p.NodeForOp(6); n != root {
		t.Errorf("APPENDS changed node %d, want the root %d", n, root)
	}
	if s := p.SubtreeSpan(root); s.Start != 2 || s.End != 11 {
		t.Errorf("SubtreeSpan = %+v, want [2, 11)", s)
	}
	ops := p.NodeOps(root)
	if len(ops) != 2 || ops[0] != 1 || ops[1] != 6 {
		t.Errorf("NodeOps = %v, want [1 6]", ops)
	}
}

// TestDeepNesting decodes a list nested a million levels and prints it
// (show walks with an explicit stack).
func TestDeepNesting(t *testing.T) {
	const depth = 1_000_000
	var b strings.Builder
	b.WriteString("\x80\x04")
	b.WriteString(strings.Repeat("]", depth))
	b.WriteString(strings.Repeat("a", depth-1))
	b.WriteString(".")
	f, err := decode(t, []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	p := f.Pickles[0]
	if p.MaxDepth() != depth-1 {
		t.Errorf("max depth = %d", p.MaxDepth())
	}
	var lines lineCounter
	if err := view.WriteTree(&lines, p, p.Root(), view.ShowOptions{}); err != nil {
		t.Fatal(err)
	}
	if lines.n != depth {
		t.Errorf("show printed %d lines, want %d", lines.n, depth)
	}
	if lines.bytes > 200*depth {
		t.Errorf("show printed %d bytes for %d rows: indentation is not bounded", lines.bytes, depth)
	}
}

// fixtures lists every committed pickle fixture.
func fixtures(t testing.TB) []string {
	files, _ := filepath.Glob("testdata/*.pkl")
	return files
}

// TestPrefixes: every proper prefix of every fixture fails cleanly with a
// truncation error at or before the end of the prefix, and never panics.
func TestPrefixes(t *testing.T) {
	for _, fn := range fixtures(t) {
		data, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		full, ferr := decoder.Decode(data, decoder.Options{})
		if ferr != nil {
			continue // broken fixtures are covered elsewhere
		}
		end := full.Pickles[0].Span().End
		for n := int64(0); n < end; n++ {
			f, err := decoder.Decode(data[:n], decoder.Options{})
			if !errors.Is(err, decoder.ErrTruncated) {
				t.Fatalf("%s[:%d]: err = %v, want a truncation error", fn, n, err)
			}
			var de *decoder.Error
			errors.As(err, &de)
			if de.Offset > n {
				t.Fatalf("%s[:%d]: offset %d beyond the prefix", fn, n, de.Offset)
			}
			if !de.HasOp && de.Offset != n {
				t.Fatalf("%s[:%d]: ran out between ops at %d, want %d", fn, n, de.Offset, n)
			}
			if de.HasOp && full.Pickles[0].OpOffset(full.Pickles[0].OpAt(de.Offset)) != de.Offset {
				t.Fatalf("%s[:%d]: error offset %d is not an op boundary", fn, n, de.Offset)
			}
			checkInvariants(t, f)
		}
	}
}

// TestFlips: no single-byte change of a fixture panics or breaks the
// invariants.
func TestFlips(t *testing.T) {
	for _, fn := range fixtures(t) {
		data, _ := os.ReadFile(fn)
		if len(data) > 1024 {
			data = data[:1024]
		}
		buf := make([]byte, len(data))
		for i := range data {
			for _, v := range []byte{0xff, data[i] ^ 0x01, '('} {
				copy(buf, data)
				buf[i] = v
				f, _ := decoder.Decode(buf, decoder.Options{})
				checkInvariants(t, f)
			}
		}
	}
}

// checkInvariants asserts what every consumer relies on: ops tile each
// pickle in order, spans lie inside the input, edges name real nodes,
// owners form a tree, and show terminates.
func checkInvariants(t testing.TB, f *model.File) {
	t.Helper()
	n := int64(len(f.Data))
	prevEnd := int64(0)
	for _, p := range f.Pickles {
		s := p.Span()
		if s.Start < prevEnd || s.End > n || s.Start > s.End {
			t.Fatalf("pickle span %+v out of order or outside %d bytes", s, n)
		}
		prevEnd = s.End
		at := s.Start
		for i := 0; i < p.NumOps(); i++ {
			os := p.OpSpan(i)
			if os.Start != at || os.End <= os.Start || os.End > s.End {
				t.Fatalf("op %d span %+v does not tile (expected start %d, pickle %+v)", i, os, at, s)
			}
			if (p.NumOps() < 10000 || i%997 == 0) && (p.OpAt(os.Start) != i || p.OpAt(os.End-1) != i) {
				t.Fatalf("OpAt disagrees for op %d", i)
			}
			at = os.End
		}
		if at != s.End {
			t.Fatalf("ops end at %d, pickle at %d", at, s.End)
		}
		for i := 0; i < p.NumEdges(); i++ {
			e, parent, op := p.Edge(i), p.EdgeParent(i), p.EdgeOp(i)
			if parent < 0 || int(parent) >= p.NumNodes() || e.Val < 0 || int(e.Val) >= p.NumNodes() || e.Key >= int32(p.NumNodes()) {
				t.Fatalf("edge %d %+v (parent %d) names a missing node", i, e, parent)
			}
			if op >= p.NumOps() || op < int(p.Node(parent).Op) {
				t.Fatalf("edge %d op %d: beyond %d ops, or before its parent's op %d", i, op, p.NumOps(), p.Node(parent).Op)
			}
			if first := p.EdgeIndex(parent, 0); i < first || i >= first+len(p.Edges(parent)) {
				t.Fatalf("edge %d lies outside its parent %d's edges", i, parent)
			}
		}
		// Each node's edges are its own, in op order.
		seen := 0
		for n := model.NodeID(0); int(n) < p.NumNodes(); n++ {
			last := -1
			for k := range p.Edges(n) {
				i := p.EdgeIndex(n, k)
				if p.EdgeParent(i) != n || p.EdgeOp(i) < last {
					t.Fatalf("node %d edge %d: parent %d, op %d after %d", n, i, p.EdgeParent(i), p.EdgeOp(i), last)
				}
				last = p.EdgeOp(i)
				seen++
			}
		}
		if seen != p.NumEdges() {
			t.Fatalf("nodes' edges add up to %d, the graph has %d", seen, p.NumEdges())
		}
		for i := 0; i < p.NumNodes(); i++ {
			nd := p.Node(model.NodeID(i))
			if int(nd.Op) >= p.NumOps() {
				t.Fatalf("node %d op %d beyond %d ops", i, nd.Op, p.NumOps())
			}
			if i > 0 && nd.Op < p.Node(model.NodeID(i-1)).Op {
				t.Fatalf("node ops not in order at %d", i)
			}
			if p.NumNodes() < 5000 {
				if path := p.OwnerPath(model.NodeID(i)); len(path) > p.NumNodes() {
					t.Fatalf("owner chain of %d too long", i)
				}
			}
		}
		if p.NumNodes() < 5000 {
			var roots []model.NodeID
			if p.Root() != model.NoNode {
				roots = append(roots, p.Root())
			}
			for _, s := range p.Stack() {
				if !s.Mark {
					roots = append(roots, s.Node)
				}
			}
			for _, r := range roots {
				var sink strings.Builder
				if err := view.WriteTree(&sink, p, r, view.ShowOptions{}); err != nil {
					t.Fatal(err)
				}
				if lines := strings.Count(sink.String(), "\n"); lines > p.NumEdges()+p.NumNodes()+1 {
					t.Fatalf("show printed %d lines for %d edges", lines, p.NumEdges())
				}
			}
		}
	}
	if f.Trailing.Len() > 0 && (f.Trailing.Start < prevEnd || f.Trailing.End != n) {
		t.Fatalf("trailing %+v", f.Trailing)
	}
}

func FuzzDecode(f *testing.F) {
	for _, fn := range fixtures(f) {
		if data, err := os.ReadFile(fn); err == nil && len(data) < 1<<16 {
			f.Add(data)
		}
	}
	f.Add([]byte("\x80\x04}\x94(\x8c\x01a\x94]\x94K\x01a\x8c\x01b\x94h\x02\x8c\x04self\x94h\x00u."))
	f.Add([]byte("cos\nsystem\n\x8c\x02ls\x85R."))
	f.Fuzz(func(t *testing.T, data []byte) {
		fl, _ := decoder.Decode(data, decoder.Options{})
		if fl == nil || len(fl.Pickles) == 0 {
			t.Fatal("no result")
		}
		checkInvariants(t, fl)
		checkIndexAgrees(t, data, fl.Pickles[0])
		for _, p := range fl.Pickles {
			for i := 0; i < p.NumNodes() && i < 200; i++ {
				n := model.NodeID(i)
				_ = view.Summary(p, n)
				_ = view.PathOf(p, n)
				for _, c := range view.Children(p, n) {
					_ = view.Label(p, n, c)
				}
			}
		}
	})
}

// checkIndexAgrees checks that IndexOps finds the ops the decoder found:
// the same ones when the pickle is complete, else the same up to where the
// first of the two stopped.
func checkIndexAgrees(t *testing.T, data []byte, p *model.Pickle) {
	t.Helper()
	x, err := decoder.IndexOps(data, 0, decoder.Options{})
	if p.Complete() && (err != nil || x.NumOps() != p.NumOps()) {
		t.Fatalf("complete pickle of %d ops, index found %d (%v)", p.NumOps(), x.NumOps(), err)
	}
	n := min(x.NumOps(), p.NumOps())
	for i := 0; i < n; i++ {
		if i < n-1 && x.OpSpan(i) != p.OpSpan(i) || x.OpOffset(i) != p.OpOffset(i) {
			t.Fatalf("op %d: index %+v, decoder %+v", i, x.OpSpan(i), p.OpSpan(i))
		}
	}
	if x.NumNodes() != 0 || x.Root() != model.NoNode {
		t.Fatal("an index pass made nodes")
	}
}

// TestIndexOps checks the index pass against the decoder on every fixture
// and every prefix of the small ones.
func TestIndexOps(t *testing.T) {
	for _, fn := range fixtures(t) {
		data, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := decoder.DecodeOne(data, 0, decoder.Options{})
		checkIndexAgrees(t, data, p)
		if len(data) > 4096 {
			continue
		}
		for k := 0; k < len(data); k++ {
			q, _ := decoder.DecodeOne(data[:k], 0, decoder.Options{})
			checkIndexAgrees(t, data[:k], q)
		}
	}
}

// lineCounter counts the lines and bytes written to it.
type lineCounter struct{ n, bytes int }

func (c *lineCounter) Write(b []byte) (int, error) {
	c.n += strings.Count(string(b), "\n")
	c.bytes += len(b)
	return len(b), nil
}
