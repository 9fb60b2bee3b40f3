package decoder

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"pklx/model"
	"pklx/model/pyrepr"
)

// The golden files in testdata (NAME.dis, NAME.diserr, NAME.all.dis,
// NAME.all.diserr) are CPython 3.11's pickletools output, written by
// scripts/gen_fixtures.py; they are never regenerated from this package.

// disFixtures returns the paths of testdata/*.pkl without the extension.
func disFixtures(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob("testdata/*.pkl")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures in testdata: %v", err)
	}
	for i, p := range paths {
		paths[i] = strings.TrimSuffix(p, ".pkl")
	}
	return paths
}

// disWantErr reads a .diserr file; it returns nil when the file does not
// exist (pickletools succeeded).
func disWantErr(t *testing.T, path string) *DisError {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var e struct {
		Offset int64  `json:"offset"`
		Op     string `json:"op"`
		Reason string `json:"reason"`
	}
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &DisError{Offset: e.Offset, Op: e.Op, Reason: e.Reason}
}

// disRun runs Dis and returns its output and *DisError, failing the test on
// any other error.
func disRun(t testing.TB, data []byte, opts DisOptions) (string, *DisError) {
	t.Helper()
	var buf bytes.Buffer
	err := Dis(&buf, data, opts)
	if err == nil {
		return buf.String(), nil
	}
	var de *DisError
	if !errors.As(err, &de) {
		t.Fatalf("Dis returned %T %v, want *DisError", err, err)
	}
	return buf.String(), de
}

// disCompare reports the first differing line of two disassemblies.
func disCompare(t *testing.T, what, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	gl, wl := strings.SplitAfter(got, "\n"), strings.SplitAfter(want, "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Errorf("%s: line %d differs:\n got: %q\nwant: %q", what, i+1, g, w)
			return
		}
	}
}

func disCheckErr(t *testing.T, what string, got, want *DisError) {
	t.Helper()
	switch {
	case want == nil && got != nil:
		t.Errorf("%s: unexpected error %v", what, got)
	case want != nil && got == nil:
		t.Errorf("%s: no error, want %v", what, want)
	case want != nil && *got != *want:
		t.Errorf("%s: error\n got: %#v\nwant: %#v", what, *got, *want)
	}
}

func TestDisFixtures(t *testing.T) {
	for _, base := range disFixtures(t) {
		t.Run(filepath.Base(base), func(t *testing.T) {
			data, err := os.ReadFile(base + ".pkl")
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(base + ".dis")
			if err != nil {
				t.Fatal(err)
			}
			wantErr := disWantErr(t, base+".diserr")
			got, gotErr := disRun(t, data, DisOptions{})
			disCompare(t, "Dis", got, string(want))
			disCheckErr(t, "Dis", gotErr, wantErr)

			// With All: NAME.all.dis for files with more than one pickle;
			// otherwise the same as a single pickletools.dis.
			if all, err := os.ReadFile(base + ".all.dis"); err == nil {
				want, wantErr = all, disWantErr(t, base+".all.diserr")
			}
			got, gotErr = disRun(t, data, DisOptions{All: true})
			disCompare(t, "Dis All", got, string(want))
			disCheckErr(t, "Dis All", gotErr, wantErr)
		})
	}
}

func TestDisCases(t *testing.T) {
	for _, tt := range disCases {
		t.Run(tt.name, func(t *testing.T) {
			got, gotErr := disRun(t, []byte(tt.data), DisOptions{})
			disCompare(t, "Dis", got, tt.out)
			disCheckErr(t, "Dis", gotErr, tt.err)
		})
	}
}

// disPow10 returns 10**n + delta.
func disPow10(n int64, delta int64) *big.Int {
	x := new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil)
	return x.Add(x, big.NewInt(delta))
}

// disLong4 returns a LONG4 op holding the non-negative x.
func disLong4(x *big.Int) string {
	be := x.Bytes()
	le := make([]byte, len(be)+1) // a zero byte on top keeps it positive
	for i, b := range be {
		le[len(be)-1-i] = b
	}
	if le[len(be)-1]&0x80 == 0 {
		le = le[:len(be)]
	}
	op := []byte{model.OpLong4, 0, 0, 0, 0}
	binary.LittleEndian.PutUint32(op[1:], uint32(len(le)))
	return string(append(op, le...))
}

func TestDisEmpty(t *testing.T) {
	// pickletools.dis(io.BytesIO(b'')) raises; the --all loop never starts.
	got, err := disRun(t, nil, DisOptions{})
	disCheckErr(t, "Dis", err, &DisError{Offset: 0, Reason: "pickle exhausted before seeing STOP"})
	disCompare(t, "Dis", got, "")
	got, err = disRun(t, nil, DisOptions{All: true})
	disCheckErr(t, "Dis All", err, nil)
	disCompare(t, "Dis All", got, "")
}

func TestDisErrorString(t *testing.T) {
	e := &DisError{Offset: 7, Op: "BINGET", Reason: "memo key 7 has never been stored into"}
	if got, want := e.Error(), "offset 7 (BINGET): memo key 7 has never been stored into"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = &DisError{Offset: 3, Reason: "pickle exhausted before seeing STOP"}
	if got, want := e.Error(), "offset 3: pickle exhausted before seeing STOP"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestDisPrefixes cuts every fixture at every offset up to where its first
// pickle stops (its STOP, or the op pickletools fails on). The rule below
// was checked against pickletools for every such prefix of every fixture:
// a cut at the start of an op (or at the failing op) fails with "pickle
// exhausted before seeing STOP" at the cut; a cut inside an op fails with
// an argument error at that op's offset; either way the output is the
// golden lines of the ops before. Longer prefixes must just not panic.
func TestDisPrefixes(t *testing.T) {
	for _, base := range disFixtures(t) {
		data, err := os.ReadFile(base + ".pkl")
		if err != nil {
			t.Fatal(err)
		}
		golden, err := os.ReadFile(base + ".dis")
		if err != nil {
			t.Fatal(err)
		}
		// Op offsets and lines, from the golden output.
		var starts []int64
		var lines []string
		sc := bufio.NewScanner(bytes.NewReader(golden))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			l := sc.Text()
			if i := strings.IndexByte(l, ':'); i > 0 {
				if off, err := strconv.ParseInt(strings.TrimSpace(l[:i]), 10, 64); err == nil {
					starts = append(starts, off)
					lines = append(lines, l+"\n")
				}
			}
		}
		var limit int64 // the failing op, or else the STOP
		if e := disWantErr(t, base+".diserr"); e != nil {
			limit = e.Offset
		} else {
			limit = starts[len(starts)-1]
		}
		name := filepath.Base(base)
		for p := int64(0); p <= int64(len(data)); p++ {
			out, de := disRun(t, data[:p], DisOptions{})
			if p > limit {
				continue
			}
			if de == nil {
				t.Fatalf("%s[:%d]: no error", name, p)
			}
			k := 0 // ops before the failing one
			for k < len(starts) && starts[k] < p {
				k++
			}
			want := DisError{Offset: p, Reason: "pickle exhausted before seeing STOP"}
			if k < len(starts) && starts[k] == p || p == limit {
				if de.Offset != p || de.Reason != want.Reason || de.Op != "" {
					t.Fatalf("%s[:%d]: %v, want %v", name, p, de, &want)
				}
			} else {
				k--
				if de.Offset != starts[k] || de.Reason == want.Reason {
					t.Fatalf("%s[:%d]: %v, want an argument error at offset %d", name, p, de, starts[k])
				}
			}
			if want := strings.Join(lines[:k], ""); out != want {
				t.Fatalf("%s[:%d]: output %q, want %q", name, p, out, want)
			}
		}
	}
}

// TestDisFlips flips bytes of every fixture (every byte of the first 256,
// then every 7th), and Dis must fail (or not) cleanly, with an offset
// inside the data.
func TestDisFlips(t *testing.T) {
	for _, base := range disFixtures(t) {
		data, err := os.ReadFile(base + ".pkl")
		if err != nil {
			t.Fatal(err)
		}
		buf := bytes.Clone(data)
		for i := 0; i < len(buf); i++ {
			if i >= 256 {
				i += 6
				if i >= len(buf) {
					break
				}
			}
			for _, x := range []byte{0xff, 0x80} {
				buf[i] ^= x
				for _, all := range []bool{false, true} {
					err := Dis(io.Discard, buf, DisOptions{All: all})
					disCheckInvariants(t, buf, err)
				}
				buf[i] ^= x
			}
		}
	}
}

func disCheckInvariants(t testing.TB, data []byte, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var de *DisError
	if !errors.As(err, &de) {
		t.Fatalf("Dis(%q) returned %T %v, want *DisError", data, err, err)
	}
	if de.Offset < 0 || de.Offset > int64(len(data)) {
		t.Fatalf("Dis(%q): offset %d outside [0, %d]", data, de.Offset, len(data))
	}
	if de.Reason == "" {
		t.Fatalf("Dis(%q): empty reason", data)
	}
	if de.Op != "" && (de.Offset >= int64(len(data)) || model.Ops[data[de.Offset]].Name != de.Op) {
		t.Fatalf("Dis(%q): op %q is not the opcode at offset %d", data, de.Op, de.Offset)
	}
}

// TestDisEffectsTable checks disEffects against pickletools' own
// stack_before/stack_after, as scripts/gen_fixtures.py wrote them.
func TestDisEffectsTable(t *testing.T) {
	b, err := os.ReadFile("testdata/opcodes_stack.txt")
	if err != nil {
		t.Fatal(err)
	}
	names := func(ks []disKind) string {
		s := make([]string, len(ks))
		for i, k := range ks {
			s[i] = disKindNames[k]
		}
		return strings.Join(s, " ")
	}
	n := 0
	for _, l := range strings.Split(string(b), "\n") {
		if l == "" || l[0] == '#' {
			continue
		}
		head, effect, ok := strings.Cut(l, ": ")
		name, code, ok2 := strings.Cut(head, " ")
		if !ok || !ok2 {
			t.Fatalf("bad line %q", l)
		}
		c, err := strconv.ParseUint(strings.TrimPrefix(code, "0x"), 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		if model.Ops[c].Name != name {
			t.Errorf("%s: model.Ops[%#x] is %q", name, c, model.Ops[c].Name)
		}
		e := &disEffects[c]
		if got := names(e.before) + " -> " + names(e.after); got != effect {
			t.Errorf("%s: disEffects is %q, pickletools says %q", name, got, effect)
		}
		n++
	}
	if n != 68 {
		t.Errorf("%d opcodes in opcodes_stack.txt, want 68", n)
	}
}

// TestDisWriteError checks that a failing writer stops Dis with its error.
func TestDisWriteError(t *testing.T) {
	data, err := os.ReadFile("testdata/memo_long_p3.pkl")
	if err != nil {
		t.Fatal(err)
	}
	w := &disFailWriter{n: 100}
	if err := Dis(w, data, DisOptions{}); !errors.Is(err, errDisWrite) {
		t.Errorf("Dis = %v, want %v", err, errDisWrite)
	}
}

var errDisWrite = errors.New("disk full")

type disFailWriter struct{ n int }

func (w *disFailWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errDisWrite
	}
	w.n -= len(p)
	return len(p), nil
}

// TestDisLargeString checks the streamed repr of a string argument larger
// than the line buffer against the repr built in one piece.
func TestDisLargeString(t *testing.T) {
	s := strings.Repeat("a'é\U0001f600\x00", disStreamMin/3) // cuts fall inside code points
	var data []byte
	data = append(data, model.OpBinUnicode, 0, 0, 0, 0) // BINUNICODE
	binary.LittleEndian.PutUint32(data[1:], uint32(len(s)))
	data = append(data, s...)
	data = append(data, model.OpStop) // STOP
	got, de := disRun(t, data, DisOptions{})
	if de != nil {
		t.Fatal(de)
	}
	want := "    0: X    BINUNICODE " + pyrepr.Str(s) + "\n" +
		fmt.Sprintf("%5d: .    STOP\nhighest protocol among opcodes = 1\n", len(data)-1)
	disCompare(t, "Dis", got, want)
}

func TestDisDeepMarks(t *testing.T) {
	// 2,000 nested MARKs: the indentation is written out in pieces.
	const n = 2000
	data := bytes.Repeat([]byte{model.OpMark}, n) // MARK x n
	data = append(data, model.OpNone)             // NONE
	data = append(data, model.OpStop)             // STOP (leaves the marks)
	var buf bytes.Buffer
	err := Dis(&buf, data, DisOptions{})
	var de *DisError
	if !errors.As(err, &de) || de.Offset != n+1 || !strings.HasPrefix(de.Reason, "stack not empty after STOP: [mark, mark") {
		t.Fatalf("Dis = %v", err)
	}
	lines := strings.Split(buf.String(), "\n")
	if got, want := lines[n], fmt.Sprintf("%5d: N    ", n)+strings.Repeat(" ", 4*n)+"NONE"; got != want {
		t.Errorf("NONE line is %d bytes, want %d", len(got), len(want))
	}
}

// FuzzDis checks that Dis never panics, and that an error is a *DisError
// whose offset lies within the data.
func FuzzDis(f *testing.F) {
	for _, base := range disFixtures(f) {
		data, err := os.ReadFile(base + ".pkl")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, tt := range disCases {
		f.Add([]byte(tt.data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, all := range []bool{false, true} {
			// pickletools indents by four spaces per open MARK, so a few KB
			// of MARKs make gigabytes of output; bound the work by failing
			// the writer after 8 MB, which must stop Dis with that error.
			w := &disFailWriter{n: 8 << 20}
			err := Dis(w, data, DisOptions{All: all})
			if errors.Is(err, errDisWrite) {
				continue
			}
			disCheckInvariants(t, data, err)
		}
	})
}

// BenchmarkDis disassembles the largest fixture.
func BenchmarkDis(b *testing.B) {
	var data []byte
	for _, base := range disFixtures(b) {
		d, err := os.ReadFile(base + ".pkl")
		if err != nil {
			b.Fatal(err)
		}
		if len(d) > len(data) && !strings.Contains(base, "broken") {
			data = d
		}
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := Dis(io.Discard, data, DisOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDisLarge disassembles a 4 MB protocol 4 list of 300,000 short
// memoized strs.
func BenchmarkDisLarge(b *testing.B) {
	data := []byte{model.OpProto, 4, model.OpEmptyList, model.OpMemoize, model.OpMark} // PROTO 4; EMPTY_LIST; MEMOIZE; MARK
	for i := 0; i < 300000; i++ {
		data = append(data, model.OpShortBinUnicode, 6, 'i', 't', 'e', 'm', '\'', 's', model.OpMemoize) // SHORT_BINUNICODE "item's"; MEMOIZE
	}
	data = append(data, model.OpAppends, model.OpStop) // APPENDS; STOP
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := Dis(io.Discard, data, DisOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// Expected output generated once by CPython 3.11.7 (pickletools.dis on
// each data, error offset from the op being read when it raised).
var disCases = []struct {
	name string
	data string
	out  string
	err  *DisError // nil: no error
}{
	{
		name: "MEMOIZE after PUT takes a used key",
		data: "" +
			"K\x01" + // BININT1 1
			"p1\n" + // PUT 1
			"K\x02" + // BININT1 2
			"\x94" + // MEMOIZE (len(memo) is 1, taken)
			".", // STOP
		out: "    0: K    BININT1    1\n" +
			"    2: p    PUT        1\n" +
			"    5: K    BININT1    2\n" +
			"    7: \\x94 MEMOIZE    (as 1)\n",
		err: &DisError{Offset: 7, Op: "MEMOIZE", Reason: "memo key None already defined"},
	},
	{
		name: "PUT 01 stores key True, which BINGET 1 finds",
		data: "" +
			"K\x01" + // BININT1 1
			"p01\n" + // PUT True
			"h\x01" + // BINGET 1
			".", // STOP
		out: "    0: K    BININT1    1\n" +
			"    2: p    PUT        True\n" +
			"    6: h    BINGET     1\n" +
			"    8: .    STOP\n" +
			"highest protocol among opcodes = 1\n",
		err: &DisError{Offset: 8, Op: "STOP", Reason: "stack not empty after STOP: [int]"},
	},
	{
		name: "GET 00 is key False",
		data: "" +
			"g00\n" + // GET False
			".", // STOP
		out: "    0: g    GET        False\n",
		err: &DisError{Offset: 0, Op: "GET", Reason: "memo key False has never been stored into"},
	},
	{
		name: "negative and huge decimal memo keys",
		data: "" +
			"K\x01" + // BININT1 1
			"p-5\n" + // PUT -5
			"g-5\n" + // GET -5
			"p99999999999999999999999\n" + // PUT 99999999999999999999999
			"g+099_999_999_999_999_999_999_999\n" + // GET the same key
			"p-0\n" + // PUT 0
			"00" + // POP; POP
			".", // STOP
		out: "    0: K    BININT1    1\n" +
			"    2: p    PUT        -5\n" +
			"    6: g    GET        -5\n" +
			"   10: p    PUT        99999999999999999999999\n" +
			"   35: g    GET        99999999999999999999999\n" +
			"   69: p    PUT        0\n" +
			"   73: 0    POP\n" +
			"   74: 0    POP\n" +
			"   75: .    STOP\n" +
			"highest protocol among opcodes = 1\n",
	},
	{
		name: "LONG_BINPUT far beyond the dense memo",
		data: "" +
			"K\x01" + // BININT1 1
			"r\xff\xff\xff\xff" + // LONG_BINPUT 4294967295
			"j\xff\xff\xff\xff" + // LONG_BINGET 4294967295
			"r\xff\xff\xff\xff" + // LONG_BINPUT 4294967295 again
			".", // STOP
		out: "    0: K    BININT1    1\n" +
			"    2: r    LONG_BINPUT 4294967295\n" +
			"    7: j    LONG_BINGET 4294967295\n" +
			"   12: r    LONG_BINPUT 4294967295\n",
		err: &DisError{Offset: 12, Op: "LONG_BINPUT", Reason: "memo key 4294967295 already defined"},
	},
	{
		name: "INT of 4301 digits",
		data: "" +
			"I" + strings.Repeat("1", 4301) + "\n" + // INT 111...1 (4301 digits)
			".", // STOP
		out: "",
		err: &DisError{Offset: 0, Op: "INT", Reason: "Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit"},
	},
	{
		name: "LONG1 values",
		data: "" +
			"\x80\x02" + // PROTO 2
			"\x8a\x00" + // LONG1 0 (empty)
			"\x8a\x01\xff" + // LONG1 -1
			"\x8a\x02\x00\xff" + // LONG1 -256
			"\x8a\x02\xff\x00" + // LONG1 255
			"\x8a\x03\x00\x00\x80" + // LONG1 -8388608
			"\x87" + // TUPLE3
			"\x87" + // TUPLE3
			".", // STOP
		out: "    0: \\x80 PROTO      2\n" +
			"    2: \\x8a LONG1      0\n" +
			"    4: \\x8a LONG1      -1\n" +
			"    7: \\x8a LONG1      -256\n" +
			"   11: \\x8a LONG1      255\n" +
			"   15: \\x8a LONG1      -8388608\n" +
			"   20: \\x87 TUPLE3\n" +
			"   21: \\x87 TUPLE3\n" +
			"   22: .    STOP\n" +
			"highest protocol among opcodes = 2\n",
	},
	{
		name: "LONG4 of exactly 4300 digits",
		data: "" +
			disLong4(disPow10(4300, -1)) + // LONG4 10**4300-1
			".", // STOP
		out: "    0: \\x8b LONG4      " + strings.Repeat("9", 4300) + "\n" +
			" 1791: .    STOP\n" +
			"highest protocol among opcodes = 2\n",
	},
	{
		name: "LONG4 of 4301 digits",
		data: "" +
			"K\x01" + // BININT1 1
			disLong4(disPow10(4300, 0)) + // LONG4 10**4300
			".", // STOP
		out: "    0: K    BININT1    1\n" +
			"    2: ",
		err: &DisError{Offset: 2, Op: "LONG4", Reason: "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"},
	},
	{
		name: "POP takes a MARK",
		data: "" +
			"(" + // MARK
			"0" + // POP (the mark)
			".", // STOP
		out: "    0: (    MARK\n" +
			"    1: 0        POP        (MARK at 0)\n" +
			"    2: .    STOP\n",
		err: &DisError{Offset: 2, Op: "STOP", Reason: "tries to pop 1 items from stack with only 0 items"},
	},
	{
		name: "a MARK left on the stack at STOP",
		data: "" +
			"(" + // MARK
			"N" + // NONE
			".", // STOP
		out: "    0: (    MARK\n" +
			"    1: N        NONE\n" +
			"    2: .        STOP\n" +
			"highest protocol among opcodes = 0\n",
		err: &DisError{Offset: 2, Op: "STOP", Reason: "stack not empty after STOP: [mark]"},
	},
	{
		name: "FLOAT that float() rejects",
		data: "" +
			"F1._5\n" + // FLOAT 1._5
			".", // STOP
		out: "",
		err: &DisError{Offset: 0, Op: "FLOAT", Reason: "could not convert string to float: b'1._5'"},
	},
	{
		name: "STRING with a bad \\x escape",
		data: "" +
			"S'a\\x4'\n" + // STRING 'a\x4'
			".", // STOP
		out: "",
		err: &DisError{Offset: 0, Op: "STRING", Reason: "invalid \\x escape at position 1"},
	},
	{
		name: "UNICODE with a truncated \\u escape",
		data: "" +
			"Vab\\u12\n" + // UNICODE ab\u12
			".", // STOP
		out: "",
		err: &DisError{Offset: 0, Op: "UNICODE", Reason: "'rawunicodeescape' codec can't decode bytes in position 2-5: truncated \\uXXXX escape"},
	},
	{
		name: "BINUNICODE with a surrogatepass surrogate",
		data: "" +
			"X\x03\x00\x00\x00\xed\xa0\x80" + // BINUNICODE '\ud800'
			".", // STOP
		out: "    0: X    BINUNICODE '\\ud800'\n" +
			"    8: .    STOP\n" +
			"highest protocol among opcodes = 1\n",
	},
	{
		name: "BINUNICODE with a cut surrogate",
		data: "" +
			"X\x03\x00\x00\x00\xed\xa0A" + // BINUNICODE ED A0 41
			".", // STOP
		out: "",
		err: &DisError{Offset: 0, Op: "BINUNICODE", Reason: "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte"},
	},
	{
		name: "BINUNICODE cut inside a 4-byte sequence",
		data: "" +
			"X\x03\x00\x00\x00\xf0\x9f\x98" + // BINUNICODE F0 9F 98
			".", // STOP
		out: "",
		err: &DisError{Offset: 0, Op: "BINUNICODE", Reason: "'utf-8' codec can't decode bytes in position 0-2: unexpected end of data"},
	},
	{
		name: "SHORT_BINBYTES and BYTEARRAY8 of a single quote",
		data: "" +
			"\x80\x05" + // PROTO 5
			"C\x01'" + // SHORT_BINBYTES b"'"
			"\x96\x01\x00\x00\x00\x00\x00\x00\x00'" + // BYTEARRAY8 bytearray(b"\'")
			"\x86" + // TUPLE2
			".", // STOP
		out: "    0: \\x80 PROTO      5\n" +
			"    2: C    SHORT_BINBYTES b\"'\"\n" +
			"    5: \\x96 BYTEARRAY8 bytearray(b\"\\'\")\n" +
			"   15: \\x86 TUPLE2\n" +
			"   16: .    STOP\n" +
			"highest protocol among opcodes = 5\n",
	},
	{
		name: "GLOBAL names are escape-decoded",
		data: "" +
			"ca\\x41\nb\\tc\n" + // GLOBAL 'aA b\tc'
			".", // STOP
		out: "    0: c    GLOBAL     'aA b\\tc'\n" +
			"   12: .    STOP\n" +
			"highest protocol among opcodes = 0\n",
	},
	{
		name: "FRAME with the largest uint8",
		data: "" +
			"\x95\xff\xff\xff\xff\xff\xff\xff\xff" + // FRAME 18446744073709551615
			"N" + // NONE
			".", // STOP
		out: "    0: \\x95 FRAME      18446744073709551615\n" +
			"    9: N    NONE\n" +
			"   10: .    STOP\n" +
			"highest protocol among opcodes = 4\n",
	},
	{
		name: "BINBYTES8 count over sys.maxsize",
		data: "" +
			"\x8e\x05\x00\x00\x00\x00\x00\x00\x80" + // BINBYTES8 count 2**63+5
			".", // STOP
		out: "",
		err: &DisError{Offset: 0, Op: "BINBYTES8", Reason: "bytes8 byte count > sys.maxsize: 9223372036854775813"},
	},
	{
		name: "BINSTRING with a negative count",
		data: "" +
			"T\xff\xff\xff\xff" + // BINSTRING count -1
			".", // STOP
		out: "",
		err: &DisError{Offset: 0, Op: "BINSTRING", Reason: "string4 byte count < 0: -1"},
	},
	{
		name: "LONG4 with a negative count",
		data: "" +
			"\x8b\xfe\xff\xff\xff", // LONG4 count -2
		out: "",
		err: &DisError{Offset: 0, Op: "LONG4", Reason: "long4 byte count < 0: -2"},
	},
	{
		name: "a single quote byte is no opcode",
		data: "" +
			"'", // not an opcode
		out: "",
		err: &DisError{Offset: 0, Op: "", Reason: "at position 0, opcode b\"'\" unknown"},
	},
	{
		name: "nested MARKs indent",
		data: "" +
			"((((" + // MARK x4
			"K\x01" + // BININT1 1
			"tttt" + // TUPLE x4
			".", // STOP
		out: "    0: (    MARK\n" +
			"    1: (        MARK\n" +
			"    2: (            MARK\n" +
			"    3: (                MARK\n" +
			"    4: K                    BININT1    1\n" +
			"    6: t                    TUPLE      (MARK at 3)\n" +
			"    7: t                TUPLE      (MARK at 2)\n" +
			"    8: t            TUPLE      (MARK at 1)\n" +
			"    9: t        TUPLE      (MARK at 0)\n" +
			"   10: .    STOP\n" +
			"highest protocol among opcodes = 1\n",
	},
	{
		name: "APPENDS with no list below the MARK",
		data: "" +
			"(" + // MARK
			"K\x01" + // BININT1 1
			"e" + // APPENDS
			".", // STOP
		out: "    0: (    MARK\n" +
			"    1: K        BININT1    1\n" +
			"    3: e        APPENDS    (MARK at 0)\n",
		err: &DisError{Offset: 3, Op: "APPENDS", Reason: "tries to pop 1 items from stack with only 0 items"},
	},
	{
		name: "DUP of a MARK, then POP_MARK",
		data: "" +
			"(" + // MARK
			"2" + // DUP (the mark becomes two anys)
			"1", // POP_MARK: no mark left on the stack
		out: "    0: (    MARK\n" +
			"    1: 2        DUP\n" +
			"    2: ",
		err: &DisError{Offset: 2, Op: "POP_MARK", Reason: "list index out of range"},
	},
}
