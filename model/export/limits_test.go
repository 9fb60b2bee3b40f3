package export

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"pklx/decoder"
	"pklx/model"
)

// nested is a list nested n levels deep, as raw bytes: n EMPTY_LISTs, then
// n-1 APPENDs, each putting the top list into the one below it.
func nested(n int) []byte {
	b := make([]byte, 0, 2*n+3)
	b = append(b, "\x80\x04"...)                   // PROTO 4
	b = append(b, bytes.Repeat([]byte("]"), n)...) // EMPTY_LIST x n
	b = append(b, bytes.Repeat([]byte("a"), n-1)...)
	return append(b, '.') // APPEND x (n-1), STOP
}

func TestDeepNesting(t *testing.T) {
	const n = 1_000_000
	p := decodeFirst(t, "nested", nested(n))
	want := strings.Repeat("[", n) + strings.Repeat("]", n)
	for _, typed := range []bool{false, true} {
		if got := export(t, p, Options{Typed: typed}); got != want {
			t.Errorf("typed=%v: %d bytes, not %d nested lists", typed, len(got), n)
		}
	}
}

// memoBomb is levels lists, each holding the previous one twice (memo
// references): 2^levels lists when every reference is written out.
func memoBomb(levels int) []byte {
	b := []byte("\x80\x04]\x94") // PROTO 4, EMPTY_LIST, MEMOIZE 0
	for i := 1; i <= levels; i++ {
		b = append(b, '(') // MARK
		for range 2 {
			b = append(b, 'j') // LONG_BINGET i-1
			b = binary.LittleEndian.AppendUint32(b, uint32(i-1))
		}
		b = append(b, 'l', 0x94) // LIST, MEMOIZE i
	}
	return append(b, '.') // STOP
}

func TestMemoBomb(t *testing.T) {
	p := decodeFirst(t, "bomb", memoBomb(60))
	err := JSON(io.Discard, p, p.Root(), Options{MaxNodes: 100_000})
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("plain export of a memo bomb: err = %v, want ErrLimit", err)
	}
	if !strings.Contains(err.Error(), "100000 values") {
		t.Errorf("error does not say the limit: %v", err)
	}
	// Typed mode writes each list once: a few bytes per level.
	out := export(t, p, Options{Typed: true})
	if len(out) > 60*40 || !strings.HasPrefix(out, `[{"$id":1,"$value":[{"$id":2,`) {
		t.Errorf("typed export of a memo bomb: %d bytes: %.200s", len(out), out)
	}
	if _, err := parseJSON([]byte(out)); err != nil {
		t.Errorf("typed export is not JSON: %v", err)
	}
}

func TestMemoBombDefaultLimit(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("writes DefaultMaxNodes values: not with -short or -race")
	}
	p := decodeFirst(t, "bomb", memoBomb(60))
	var n int64
	err := JSON(countWriter{&n}, p, p.Root(), Options{})
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("err = %v, want ErrLimit", err)
	}
	if n < DefaultMaxNodes {
		t.Errorf("stopped after %d bytes, before the default limit of %d values", n, DefaultMaxNodes)
	}
}

type countWriter struct{ n *int64 }

func (w countWriter) Write(b []byte) (int, error) { *w.n += int64(len(b)); return len(b), nil }

func TestDefaultLimits(t *testing.T) {
	p := decodeFirst(t, "small", []byte("\x80\x04K\x01.")) // PROTO 4, BININT1 1, STOP
	e := newEnc(nil, p, Options{})
	if e.maxNodes != DefaultMaxNodes || e.maxBytes != DefaultMaxBytes {
		t.Errorf("defaults: %d nodes, %d bytes", e.maxNodes, e.maxBytes)
	}
	e = newEnc(nil, p, Options{MaxNodes: -1, MaxBytes: -1})
	if e.maxNodes != math.MaxInt64 || e.maxBytes != math.MaxInt64 {
		t.Errorf("no limits: %d nodes, %d bytes", e.maxNodes, e.maxBytes)
	}
}

func TestMaxBytes(t *testing.T) {
	p := decodeFirst(t, "nested", nested(10_000))
	err := JSON(io.Discard, p, p.Root(), Options{Indent: "  ", MaxBytes: 1 << 20})
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "MaxBytes") {
		t.Fatalf("err = %v, want the MaxBytes limit", err)
	}
	// Plain mode points to typed mode, which writes shared objects once;
	// typed mode has nothing to point to.
	if !strings.Contains(err.Error(), "--typed") {
		t.Errorf("plain-mode limit error %q does not suggest --typed", err)
	}
	err = JSON(io.Discard, p, p.Root(), Options{Indent: "  ", MaxBytes: 1 << 20, Typed: true})
	if !errors.Is(err, ErrLimit) || strings.Contains(err.Error(), "--typed") {
		t.Errorf("typed-mode limit error %v", err)
	}
}

func TestCancelAndProgress(t *testing.T) {
	p := decodeFirst(t, "nested", nested(300_000))
	ctx, cancel := context.WithCancel(context.Background())
	var calls []int
	err := JSON(io.Discard, p, p.Root(), Options{
		Context: ctx,
		Progress: func(done int) {
			calls = append(calls, done)
			if done >= 2*progressEvery {
				cancel()
			}
		},
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(calls) != 2 || calls[0] != progressEvery || calls[1] != 2*progressEvery {
		t.Errorf("progress calls: %v", calls)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	p := decodeFirst(t, "nested", nested(100_000))
	err := JSON(failWriter{}, p, p.Root(), Options{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the writer's error", err)
	}
}

func TestBadNode(t *testing.T) {
	p := decodeFirst(t, "small", []byte("\x80\x04K\x01.")) // PROTO 4, BININT1 1, STOP
	for _, n := range []model.NodeID{model.NoNode, model.NodeID(p.NumNodes())} {
		if err := JSON(io.Discard, p, n, Options{}); err == nil {
			t.Errorf("node %d: no error", n)
		}
	}
	if err := JSON(io.Discard, nil, 0, Options{}); err == nil {
		t.Error("nil pickle: no error")
	}
}

// TestSubtree exports a node below the root: pointers are relative to it.
func TestSubtree(t *testing.T) {
	// d = {'a': [{'b': None}]}; d['a'][0]['b'] = d['a'], protocol 4
	data := []byte("\x80\x04}\x94" + // PROTO 4, EMPTY_DICT, MEMOIZE 0
		"\x8c\x01a\x94" + // SHORT_BINUNICODE 'a', MEMOIZE 1
		"]\x94" + // EMPTY_LIST, MEMOIZE 2
		"}\x94\x8c\x01b\x94h\x02s" + // EMPTY_DICT, MEMOIZE 3, SHORT_BINUNICODE 'b', MEMOIZE 4, BINGET 2, SETITEM
		"as.") // APPEND, SETITEM, STOP
	p := decodeFirst(t, "cycle", data)
	list := p.Edges(p.Root())[0].Val
	var b bytes.Buffer
	if err := JSON(&b, p, list, Options{}); err != nil {
		t.Fatal(err)
	}
	if want := `[{"b":{"$ref":"#"}}]`; b.String() != want {
		t.Errorf("got %s, want %s", b.String(), want)
	}
}

// TestBrokenStack exports what a truncated pickle left on the stack.
func TestBrokenStack(t *testing.T) {
	// PROTO 4, EMPTY_LIST, MEMOIZE 0, BININT1 1, BINGET 0, and no STOP
	f, _ := decoder.Decode([]byte("\x80\x04]\x94K\x01h\x00"), decoder.Options{})
	p := f.Pickles[0]
	if p.Root() != model.NoNode || len(p.Stack()) != 3 {
		t.Fatalf("stack: %+v", p.Stack())
	}
	var b bytes.Buffer
	for _, s := range p.Stack() {
		if err := JSON(&b, p, s.Node, Options{Typed: true}); err != nil {
			t.Fatal(err)
		}
		b.WriteByte(' ')
	}
	if want := `[] 1 [] `; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestPyFloat(t *testing.T) {
	// Bits and CPython 3.11's repr() of them.
	for _, c := range []struct {
		bits uint64
		repr string
	}{
		{1, "5e-324"},
		{4503599627370496, "2.2250738585072014e-308"},
		{4599676419421066581, "0.3333333333333333"},
		{4604180019048437077, "0.6666666666666666"},
		{4728057454355411894, "123456789.123"},
		{4845873199050653696, "9007199254740992.0"},
		{4846369599423283199, "9999999999999998.0"},
		{4562254508917369340, "0.001"},
		{4548686525128629352, "0.00012345"},
		{4534972062662729065, "1.5e-05"},
		{4636737291354636288, "100.0"},
		{4921056587992461136, "1e+21"},
		{9126251428165218564, "1.23e+302"},
		{4890909195324358656, "9.223372036854776e+18"},
		{13727190431080770957, "-1.25e-07"},
		{4616583683022153318, "4.35"},
		{4599075939470750515, "0.3"},
		{0x8000000000000000, "-0.0"},
	} {
		if got := string(appendPyFloat(nil, math.Float64frombits(c.bits))); got != c.repr {
			t.Errorf("%v: got %s, want %s", math.Float64frombits(c.bits), got, c.repr)
		}
	}
}
