package view_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"pklx/decoder"
	"pklx/model"
	"pklx/model/view"
)

// Direct rows are the rows Children and ViewChildren list, for every node
// of every fixture that has them.
func TestDirectMatchesChildren(t *testing.T) {
	files, _ := filepath.Glob("../../decoder/testdata/*.pkl")
	ml, _ := filepath.Glob("../../testdata/ml/*.pkl")
	files = append(files, ml...)
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	seen := 0
	for _, fn := range files {
		data, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := decoder.Decode(data, decoder.Options{})
		for _, p := range f.Pickles {
			for n := model.NodeID(0); int(n) < p.NumNodes(); n++ {
				d, ok := view.DirectChildren(p, n)
				if !ok {
					continue
				}
				seen++
				want := view.Children(p, n)
				if vc := view.ViewChildren(p, n); !reflect.DeepEqual(vc, want) {
					t.Fatalf("%s node %d: ViewChildren differ from Children for a direct node", fn, n)
				}
				if d.Len() != len(want) {
					t.Fatalf("%s node %d: %d direct rows, %d children", fn, n, d.Len(), len(want))
				}
				for i := range want {
					if got := d.At(i); got != want[i] {
						t.Fatalf("%s node %d row %d: %+v, want %+v", fn, n, i, got, want[i])
					}
				}
			}
		}
	}
	if seen < 100 {
		t.Fatalf("only %d direct nodes in the fixtures", seen)
	}
}
