package view_test

import (
	"bytes"
	"strings"
	"testing"

	"pklx/decoder"
	"pklx/model"
	"pklx/model/view"
)

// TestKeyReprBounded: a dict key that shares one tuple a thousand times
// at each of three levels (a billion leaves if written out) gets a short
// repr, at once, not one that walks every leaf.
func TestKeyReprBounded(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("\x80\x02}(")                  // PROTO 2; EMPTY_DICT; MARK
	b.WriteString("(")                           // MARK (the innermost tuple)
	b.Write(bytes.Repeat([]byte("K\x07"), 1000)) // BININT1 7 x 1000
	b.WriteString("tq\x00(")                     // TUPLE; BINPUT 0; MARK
	b.Write(bytes.Repeat([]byte("h\x00"), 1000)) // BINGET 0 x 1000
	b.WriteString("tq\x01(")                     // TUPLE; BINPUT 1; MARK
	b.Write(bytes.Repeat([]byte("h\x01"), 1000)) // BINGET 1 x 1000
	b.WriteString("tNu.")                        // TUPLE (the key); NONE (its value); SETITEMS; STOP
	p, err := decoder.DecodeOne(b.Bytes(), 0, decoder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var key model.NodeID = model.NoNode
	for _, e := range p.Edges(p.Root()) {
		if e.Key >= 0 {
			key = e.Key
		}
	}
	if key == model.NoNode {
		t.Fatal("no dict key decoded")
	}
	r := view.KeyRepr(p, key)
	if len(r) > 1000 || !strings.HasPrefix(r, "(((7, 7") || !strings.Contains(r, "…") {
		t.Errorf("key repr of %d bytes: %.80q", len(r), r)
	}
}

// TestSummaryCallCycle: in a graph where a call is its own argument (the
// 66 bytes FuzzDecode found, which once overflowed the stack), every
// node's summary ends, short.
func TestSummaryCallCycle(t *testing.T) {
	data := []byte(")q0q\"q\x86q12q2q7q8q9qA2qBqC2\x81q}q\x00aq\x13q\x14]q\x02q\x16q\x17q\x18qRq\x1bq\x1cqK\x86q\x1eqtq q!q\x06q)q$qgqdqs(")
	f, _ := decoder.Decode(data, decoder.Options{})
	if len(f.Pickles) == 0 {
		t.Fatal("nothing decoded")
	}
	p := f.Pickles[0]
	calls := 0
	for n := model.NodeID(0); int(n) < p.NumNodes(); n++ {
		if p.Kind(n) == model.KindCall {
			calls++
		}
		if s := view.Summary(p, n); len(s) > 2000 {
			t.Errorf("node %d: summary of %d bytes", n, len(s))
		}
	}
	if calls == 0 {
		t.Fatal("no call decoded: the input no longer makes the cycle")
	}
}
