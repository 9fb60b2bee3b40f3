package traceview

import (
	"bytes"
	"encoding/binary"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"pklx/decoder"
	"pklx/model/view"
)

// Tests of view.OpArgText beyond the pickletools fixtures: the cuts.

func TestOpArgTextCuts(t *testing.T) {
	// pickle.dumps('hello world', protocol=4) without its FRAME:
	// PROTO 4, SHORT_BINUNICODE 'hello world', MEMOIZE, STOP.
	p := decode(t, []byte("\x80\x04\x8c\x0bhello world\x94."))
	for _, c := range []struct {
		max  int
		want string
	}{
		{0, "'hello world'"},
		{13, "'hello world'"},
		{12, "'hello worl…"},
		{5, "'hel…"},
		{1, "…"},
	} {
		if got := view.OpArgText(p, 1, c.max); got != c.want {
			t.Errorf("max %d: %q, want %q", c.max, got, c.want)
		}
	}
	if got := view.OpArgText(p, 2, 10); got != "" {
		t.Errorf("MEMOIZE has no argument, got %q", got)
	}
}

// TestOpArgTextHugeValues checks that values far longer than the cut cost
// no more than short ones: only a prefix is read and converted.
func TestOpArgTextHugeValues(t *testing.T) {
	const size = 32 << 20
	cases := []struct {
		name   string
		data   []byte
		prefix string
	}{
		{"BINBYTES8", append(binary.LittleEndian.AppendUint64([]byte{0x80, 4, 0x8e}, size), bytes.Repeat([]byte{0, '"'}, size/2)...), `b'\x00"\x00"`},
		{"GLOBAL", append([]byte("\x80\x02cmod\n"), bytes.Repeat([]byte("x"), size)...), "'mod xxx"},
		{"UNICODE", append([]byte("\x80\x02V"), bytes.Repeat([]byte(`\u00e9`), size/6)...), "'éé"},
		{"STRING", append([]byte("\x80\x02S'"), bytes.Repeat([]byte(`\x00`), size/4)...), `'\x00\x00`},
	}
	for _, c := range cases {
		// Finish the op (a newline for line ops) and add a STOP the decoder
		// may or may not reach; only op 1 matters.
		data := append(c.data, "\n."...)
		p, _ := decoder.DecodeOne(data, 0, decoder.Options{})
		if p.NumOps() < 2 {
			t.Fatalf("%s: %d ops", c.name, p.NumOps())
		}
		var got string
		n := leastAllocated(func() { got = view.OpArgText(p, 1, 100) })
		if utf8.RuneCountInString(got) != 100 || !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, c.prefix) {
			t.Errorf("%s: %q", c.name, got)
		}
		// A copy or decode of the whole value would allocate megabytes.
		// (Not a timing: times under -race and load say nothing.)
		if n > allocLimit {
			t.Errorf("%s: %d bytes allocated for a %d MB argument's first 100 characters", c.name, n, size>>20)
		}
	}
}

func TestOpArgTextTruncatedOp(t *testing.T) {
	// PROTO 2, then a BININT cut short by the end of the input.
	data := []byte("\x80\x02J\x01\x00")
	p, err := decoder.DecodeOne(data, 0, decoder.Options{})
	if err == nil {
		t.Fatal("decoded a truncated BININT")
	}
	if p.NumOps() < 2 {
		t.Skipf("the decoder keeps no op for a truncated argument (%d ops)", p.NumOps())
	}
	if got := view.OpArgText(p, 1, 100); got != `<truncated b'\x01\x00'>` {
		t.Errorf("truncated BININT: %q", got)
	}
}

// allocLimit bounds the bytes that cutting a huge argument may allocate:
// a copy or decode of the whole value would take tens of megabytes, and
// the margin absorbs what other goroutines (the test app's, the garbage
// collector's) allocate meanwhile, which runtime.MemStats counts too.
const allocLimit = 1 << 20

// leastAllocated runs f five times and returns the fewest bytes allocated
// in one run: the process-wide counter also sees other goroutines, whose
// allocations are noise, so the minimum is what f itself needs.
func leastAllocated(f func()) uint64 {
	least := ^uint64(0)
	for i := 0; i < 5; i++ {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}
