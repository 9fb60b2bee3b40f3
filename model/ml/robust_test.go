package ml

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"pklx/decoder"
	"pklx/model"
)

// exercise recognises every node of every pickle in data and asks each
// view for everything it offers.
func exercise(data []byte) {
	f, _ := decoder.Decode(data, decoder.Options{})
	for _, p := range f.Pickles {
		for i := 0; i < p.NumNodes(); i++ {
			v, ok := Recognize(p, model.NodeID(i))
			if !ok {
				continue
			}
			_ = v.Summary()
			_ = v.Rows()
			if _, ok := v.(JSONer); ok {
				_ = WriteJSON(io.Discard, p, v, JSONOptions{Indent: " "})
			}
		}
	}
}

func pklFixtures(t testing.TB) map[string][]byte {
	files, err := filepath.Glob(filepath.Join(mlDir, "*.pkl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	return out
}

// TestMutatedFixtures flips bytes of every fixture (a sample of positions,
// so the test stays fast under -race) and recognises every node: nothing
// may panic, whatever the pickle now says about shapes, dtypes, offsets
// and strides.
func TestMutatedFixtures(t *testing.T) {
	for name, data := range pklFixtures(t) {
		step := max(1, len(data)/150)
		if raceEnabled {
			step = max(1, len(data)/25)
		}
		buf := make([]byte, len(data))
		for i := 0; i < len(data); i += step {
			for _, x := range []byte{0xff, 0x01, 0x80} {
				copy(buf, data)
				buf[i] ^= x
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Fatalf("%s with byte %d ^ %#x: panic %v", name, i, x, r)
						}
					}()
					exercise(buf)
				}()
			}
		}
	}
}

func FuzzRecognize(f *testing.F) {
	for _, b := range pklFixtures(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		exercise(data)
	})
}
