package safety_test

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pklx/decoder"
	"pklx/model/safety"
)

// FuzzScan decodes any input and scans it: no panic, a verdict that is
// never Safe for input that failed to decode, lists no longer than the
// input could make, and bounded time. Seeds: the decoder corpus, the
// hostile and broken fixtures, and CPython's bad inputs.
func FuzzScan(f *testing.F) {
	for _, g := range []string{"../../decoder/testdata/*.pkl", "../../decoder/testdata/hostile/*.pkl", "../../decoder/testdata/broken/*"} {
		paths, _ := filepath.Glob(g)
		for _, p := range paths {
			if strings.HasSuffix(p, ".json") {
				continue
			}
			if b, err := os.ReadFile(p); err == nil && len(b) <= 1<<16 {
				f.Add(b)
			}
		}
	}
	if b, err := os.ReadFile("../../decoder/testdata/broken/cpython_pickletester.json"); err == nil {
		var cases []struct{ Hex string }
		json.Unmarshal(b, &cases)
		for _, c := range cases {
			if d, err := hex.DecodeString(c.Hex); err == nil {
				f.Add(d)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		file, err := decoder.Decode(data, decoder.Options{})
		r := safety.Scan(file)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("decode and scan took %v for %d bytes", d, len(data))
		}
		if r.Verdict > safety.Dangerous {
			t.Fatalf("verdict %d", r.Verdict)
		}
		if err != nil && r.Verdict == safety.Safe {
			t.Fatalf("input failed to decode (%v) but was rated safe", err)
		}
		if file.Trailing.Len() > 0 && r.Verdict == safety.Safe {
			tr := data[file.Trailing.Start:file.Trailing.End]
			if strings.Trim(string(tr), "\x00 \t\r\n") != "" {
				t.Fatalf("trailing data %q rated safe", tr)
			}
		}
		if len(r.Globals) > r.GlobalsTotal || len(r.Calls) > r.CallsTotal {
			t.Fatalf("listed more than counted")
		}
		if n := len(r.Globals) + len(r.Calls) + len(r.AfterFailure); n > 2*len(data)+2 {
			t.Fatalf("%d entries for %d bytes", n, len(data))
		}
		for i := 1; i < len(r.Calls); i++ {
			if r.Calls[i].Pickle == r.Calls[i-1].Pickle && r.Calls[i].Offset < r.Calls[i-1].Offset {
				t.Fatalf("calls out of op order at %d", i)
			}
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatal(err)
		}
	})
}
