package decoder

import (
	"testing"

	"pklx/model"
)

// TestSkipOps checks skipOps's hand-written cases against the opcode
// table: for every byte value, with short and long arguments, it steps
// over exactly what model.OpEnd says, or stops before the op, and it
// stops before every op IndexOps must see itself.
func TestSkipOps(t *testing.T) {
	careful := map[byte]bool{0x2e: true, 0x80: true} // STOP, PROTO
	for c := 0; c < 256; c++ {
		info := model.Ops[c]
		mustStop := !info.Valid || careful[byte(c)] || info.Arg.Lines() > 0 || info.Arg.Counted() && info.Arg.FixedLen() == 8
		for _, fill := range []byte{0, 3, 0xff} {
			// The op, then its argument bytes (a length prefix of fill in
			// every byte), then room.
			data := make([]byte, 1+16+300)
			data[0] = byte(c)
			for i := 1; i < len(data); i++ {
				data[i] = fill
			}
			end, k := skipOps(data, 0, int64(len(data)), 1)
			want := model.OpEnd(data, 0)
			switch {
			case mustStop && k != 0:
				t.Errorf("%#02x %s: stepped over (to %d), want a stop", c, info.Name, end)
			case !mustStop && want < int64(len(data)) && k != 1: // (OpEnd says len(data) for an op that runs past it)
				t.Errorf("%#02x %s (fill %#x): stopped, want a step to %d", c, info.Name, fill, want)
			case k == 1 && end != want:
				t.Errorf("%#02x %s (fill %#x): stepped to %d, model.OpEnd says %d", c, info.Name, fill, end, want)
			case k == 0 && end != 0:
				t.Errorf("%#02x: stopped but moved to %d", c, end)
			}
		}
	}
	// A counted op whose length runs past the data is left to IndexOps.
	data := []byte{0x58, 0xff, 0xff, 0, 0, 'x', 'x', 'x', 'x', 'x'} // BINUNICODE of 65,535 bytes, 5 present
	if end, k := skipOps(data, 0, int64(len(data)), 16); k != 0 || end != 0 {
		t.Errorf("BINUNICODE past the end: stepped %d ops to %d", k, end)
	}
	// A run stops at STOP and does not count it.
	data = []byte("K\x01K\x02\x85.........") // BININT1 1; BININT1 2; TUPLE1; STOP; ...
	if end, k := skipOps(data, 0, int64(len(data)), 16); k != 3 || end != 5 {
		t.Errorf("run to STOP: %d ops to %d, want 3 to 5", k, end)
	}
}
