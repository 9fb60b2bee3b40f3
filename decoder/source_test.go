package decoder_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"pklx/decoder"
)

// A decode that releases the pages it has read past still sees the same
// bytes afterwards: Release drops memory, never data.
func TestReleaseKeepsBytes(t *testing.T) {
	// A list of 300,000 small ints: PROTO 4, EMPTY_LIST, MARK, then
	// BININT1 ops, APPENDS, STOP: enough ops for several progress ticks.
	var b bytes.Buffer
	b.Write([]byte{0x80, 4, ']', '('}) // PROTO 4, EMPTY_LIST, MARK
	const n = 300000
	for i := 0; i < n; i++ {
		b.Write([]byte{'K', byte(i)}) // BININT1 i%256
	}
	b.Write([]byte{'e', '.'}) // APPENDS, STOP
	want := b.Bytes()
	path := filepath.Join(t.TempDir(), "ints.pkl")
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := decoder.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var marks []int64
	f, err := decoder.Decode(src.Data, decoder.Options{Release: func(upTo int64) {
		marks = append(marks, upTo)
		src.Release(upTo)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(marks) == 0 {
		t.Fatal("Release was never called")
	}
	for i, m := range marks {
		if m <= 0 || m > int64(len(want)) || i > 0 && m < marks[i-1] {
			t.Fatalf("release offsets %v: not increasing within the data", marks)
		}
	}
	src.Release(int64(len(want)))
	if !bytes.Equal(src.Data, want) {
		t.Fatal("the mapped bytes changed after Release")
	}
	p := f.Pickles[0]
	if got := len(p.Edges(p.Root())); got != n {
		t.Fatalf("root has %d items, want %d", got, n)
	}
	if v := p.Int(p.Edges(p.Root())[n-1].Val); v != int64((n-1)%256) {
		t.Fatalf("last item %d, want %d", v, (n-1)%256)
	}
}
