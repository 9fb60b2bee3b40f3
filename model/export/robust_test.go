package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"pklx/decoder"
	"pklx/model"
)

// exportAll exports every pickle's root, or the objects left on its stack,
// in both modes with a small budget. It fails the test on a panic, on an
// error other than a limit, or on output that is not JSON.
func exportAll(t *testing.T, name string, data []byte) {
	f, _ := decoder.Decode(data, decoder.Options{})
	for _, p := range f.Pickles {
		var nodes []model.NodeID
		if p.Root() != model.NoNode {
			nodes = append(nodes, p.Root())
		}
		for _, s := range p.Stack() {
			if !s.Mark {
				nodes = append(nodes, s.Node)
			}
		}
		for _, n := range nodes {
			for _, typed := range []bool{false, true} {
				var b bytes.Buffer
				err := JSON(&b, p, n, Options{Typed: typed, MaxNodes: 200_000, MaxBytes: 8 << 20})
				if errors.Is(err, ErrLimit) {
					continue
				}
				if err != nil {
					t.Errorf("%s node %d typed=%v: %v", name, n, typed, err)
					continue
				}
				if !json.Valid(b.Bytes()) {
					t.Errorf("%s node %d typed=%v: not JSON: %.300s", name, n, typed, b.String())
				}
			}
		}
	}
}

// TestCorpus exports everything the decoder corpus holds, broken and
// hostile files included.
func TestCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "decoder", "testdata")
	count := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".json", ".dis", ".diserr", ".md", ".txt":
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		exportAll(t, path, data)
		count++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count == 0 {
		t.Skip("no decoder corpus")
	}
	t.Logf("%d files exported", count)
}

func FuzzJSON(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.pkl"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	for _, c := range inlineCases {
		f.Add(c.data)
	}
	f.Add(memoBomb(8))
	f.Fuzz(func(t *testing.T, data []byte) {
		exportAll(t, "fuzz", data)
	})
}
