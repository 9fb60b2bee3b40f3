package diagnose_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pklx/decoder/diagnose"
)

// FuzzCheck runs pklx check and pklx scan's logic on any input: no panic,
// at least one diagnosis, reports that marshal, bounded time (decompression
// and recovery are bounded).
func FuzzCheck(f *testing.F) {
	for _, g := range []string{"../testdata/*.pkl", "../testdata/hostile/*.pkl", "../testdata/broken/*"} {
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
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		if ds := diagnose.Diagnose(data, nil); len(ds) == 0 {
			t.Fatal("no diagnosis")
		}
		c := diagnose.Check("fuzz", data)
		s := diagnose.Scan("fuzz", data)
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("took %v for %d bytes", d, len(data))
		}
		if c.Sound && s.Verdict == 0 && len(s.Parts) == 0 {
			t.Fatal("sound with no parts")
		}
		if _, err := json.Marshal(c); err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(s); err != nil {
			t.Fatal(err)
		}
	})
}
