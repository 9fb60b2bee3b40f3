package model

import (
	"os"
	"path/filepath"
	"testing"
)

// TestStepOps checks StepOps's hand-written cases against the opcode
// table: for every byte value, with short and long arguments and with lim
// anywhere around the op's end, it steps over exactly what OpEnd says, or
// stops before the op; it never steps over an op that ends past lim, and
// always steps over a binary op that ends 9 bytes or more before it.
func TestStepOps(t *testing.T) {
	for c := 0; c < 256; c++ {
		info := Ops[c]
		leaves := !info.Valid || info.Arg.Lines() > 0 || info.Arg.Counted() && info.Arg.FixedLen() == 8
		for _, fill := range []byte{0, 3, 0xff} {
			// The op, then its argument bytes (a length prefix of fill in
			// every byte), then room.
			data := make([]byte, 1+16+300)
			data[0] = byte(c)
			for i := 1; i < len(data); i++ {
				data[i] = fill
			}
			end := OpEnd(data, 0)
			for lim := int64(0); lim <= int64(len(data))+1; lim++ {
				var codes [2]byte
				off, k := StepOps(data, 0, lim, codes[:1])
				switch {
				case k == 1 && (off != end || end > lim || codes[0] != byte(c)):
					t.Fatalf("%#02x %s (fill %#x, lim %d): stepped to %d (code %#02x), OpEnd says %d",
						c, info.Name, fill, lim, off, codes[0], end)
				case k == 1 && leaves:
					t.Fatalf("%#02x %s (fill %#x, lim %d): stepped over, want a stop", c, info.Name, fill, lim)
				case k == 0 && off != 0:
					t.Fatalf("%#02x: stopped but moved to %d", c, off)
				case k == 0 && !leaves && end < int64(len(data)) && end <= lim && lim >= 9:
					t.Fatalf("%#02x %s (fill %#x, lim %d): stopped, want a step to %d", c, info.Name, fill, lim, end)
				}
			}
		}
	}
	// No room for codes: no step.
	if off, k := StepOps([]byte("K\x01."), 0, 3, nil); off != 0 || k != 0 {
		t.Errorf("with no codes: %d ops to %d", k, off)
	}
}

// TestStepOpsRuns walks the bytes of every decoder fixture with StepOps,
// OpEnd taking the ops it leaves, and checks every op's offset and code
// against a walk with OpEnd alone, with runs of every length.
func TestStepOpsRuns(t *testing.T) {
	files, _ := filepath.Glob("../decoder/testdata/*.pkl")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, fn := range files {
		data, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		lim := int64(len(data))
		var want []int64
		for off := int64(0); off < lim; off = OpEnd(data, off) {
			want = append(want, off)
		}
		codes := make([]byte, 40)
		for run := 1; run <= len(codes); run += 13 {
			off, i := int64(0), 0
			for off < lim {
				end, k := StepOps(data, off, lim, codes[:run])
				for j := 0; j < k; j++ {
					if i+j >= len(want) || codes[j] != data[want[i+j]] {
						t.Fatalf("%s (runs of %d): op %d: StepOps code %#02x", fn, run, i+j, codes[j])
					}
				}
				i += k
				if k == 0 {
					end = OpEnd(data, off)
					i++
				}
				off = end
				if i < len(want) && want[i] != off {
					t.Fatalf("%s (runs of %d): op %d at %d, OpEnd walk says %d", fn, run, i, off, want[i])
				}
			}
			if i != len(want) {
				t.Fatalf("%s (runs of %d): %d ops, OpEnd walk %d", fn, run, i, len(want))
			}
		}
	}
}

// BenchmarkStepOps steps over 20M ops of BININT1 inside one MARK (as
// traceview's BenchmarkIndex20M), 4096 at a time.
func BenchmarkStepOps(b *testing.B) {
	const n = 20_000_000
	data := make([]byte, 0, 2*n+3)
	data = append(data, 0x80, 4, '(') // PROTO 4; MARK
	for i := 0; i < n; i++ {
		data = append(data, 'K', 1) // BININT1 1
	}
	var codes [4096]byte
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		off, lim := int64(0), int64(len(data))
		for off < lim {
			end, k := StepOps(data, off, lim, codes[:])
			if k == 0 {
				end = OpEnd(data, off)
			}
			off = end
		}
	}
}
