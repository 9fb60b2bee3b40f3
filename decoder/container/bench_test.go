package container

import (
	"os"
	"testing"
)

// BenchmarkLoad opens real files given by PKLX_BENCH_FILES
// (space-separated paths; skipped when unset), e.g. a 50 MB torch.save
// state dict and a joblib dump of a 300-tree RandomForest:
//
//	PKLX_BENCH_FILES="/tmp/big/sd.pt /tmp/big/rf.joblib" go test -bench Load -benchmem ./decoder/container
func BenchmarkLoad(b *testing.B) {
	env := os.Getenv("PKLX_BENCH_FILES")
	if env == "" {
		b.Skip("PKLX_BENCH_FILES not set")
	}
	for _, path := range splitFields(env) {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Load(path, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadFixtures opens the committed fixtures, for allocation
// counts.
func BenchmarkLoadFixtures(b *testing.B) {
	fx := allFixtures(b)
	b.ReportAllocs()
	for b.Loop() {
		for name, data := range fx {
			Load(name, data)
		}
	}
}

func splitFields(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}
