package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// oracleDirs hold NAME.plain.json files: CPython's own reading of NAME.pkl,
// converted to plain JSON by a Python script (ours:
// scripts/gen_json_oracle.py; the decoder corpus: scripts/gen_fixtures.py).
var oracleDirs = []string{"testdata", filepath.Join("..", "..", "decoder", "testdata")}

// knownDivergent lists oracle files whose generator reads the plain rules
// differently from this package, with the difference. They are still
// exported and must parse; they are not compared.
var knownDivergent = map[string]string{}

// parseJSON decodes JSON keeping numbers as their text, so that 1.0 and 1
// or 1e+16 and 1e16 differ.
func parseJSON(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return v, nil
}

func TestOracle(t *testing.T) {
	n := 0
	for _, dir := range oracleDirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.plain.json"))
		sort.Strings(files)
		for _, oracle := range files {
			name := strings.TrimSuffix(filepath.Base(oracle), ".plain.json")
			pkl := filepath.Join(dir, name+".pkl")
			data, err := os.ReadFile(pkl)
			if err != nil {
				t.Errorf("%s: no pickle for the oracle: %v", oracle, err)
				continue
			}
			want, err := os.ReadFile(oracle)
			if err != nil {
				t.Fatal(err)
			}
			p := decodeFirst(t, pkl, data)
			got := export(t, p, Options{})
			gv, err := parseJSON([]byte(got))
			if err != nil {
				t.Errorf("%s: our output is not JSON: %v\n%s", pkl, err, got)
				continue
			}
			if why, ok := knownDivergent[name]; ok && dir != "testdata" {
				t.Logf("%s: not compared: %s", oracle, why)
				continue
			}
			wv, err := parseJSON(want)
			if err != nil {
				t.Fatalf("%s: %v", oracle, err)
			}
			if !reflect.DeepEqual(gv, wv) {
				t.Errorf("%s: differs from CPython's reading\n got %s\nwant %s", pkl, got, bytes.TrimSpace(want))
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no oracle files")
	}
	t.Logf("%d pickles match CPython's reading", n)
}

// TestIndent compares pretty output with json.dumps(value, indent=2) of
// CPython's reading, byte for byte.
func TestIndent(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.indent.json"))
	if len(files) == 0 {
		t.Fatal("no .indent.json files")
	}
	for _, golden := range files {
		pkl := strings.TrimSuffix(golden, ".indent.json") + ".pkl"
		data, err := os.ReadFile(pkl)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		p := decodeFirst(t, pkl, data)
		if got := export(t, p, Options{Indent: "  "}); got != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", pkl, got, want)
		}
	}
}

// TestIndentSameValue checks that indentation changes only whitespace, in
// both modes, over every fixture.
func TestIndentSameValue(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.pkl"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := decodeFirst(t, f, data)
		for _, typed := range []bool{false, true} {
			compact := export(t, p, Options{Typed: typed})
			pretty := export(t, p, Options{Typed: typed, Indent: "\t"})
			var buf bytes.Buffer
			if err := json.Compact(&buf, []byte(pretty)); err != nil {
				t.Fatalf("%s typed=%v: indented output is not JSON: %v\n%s", f, typed, err, pretty)
			}
			if buf.String() != compact {
				t.Errorf("%s typed=%v: indented output compacts to\n%s\nnot\n%s", f, typed, buf.String(), compact)
			}
		}
	}
}
