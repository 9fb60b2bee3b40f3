package safety_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"pklx/decoder"
	"pklx/model/safety"
)

// torchLike builds a torch.save-style data.pkl with n tensors: an
// OrderedDict whose values are _rebuild_tensor_v2 calls on persistent
// storages, the globals fetched from the memo as torch.save writes them.
func torchLike(n int) []byte {
	var b bytes.Buffer
	le := func(v int) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }
	b.WriteString("\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01(")                      // PROTO 2; GLOBAL; BINPUT 0; EMPTY_TUPLE; REDUCE; BINPUT 1; MARK
	b.WriteString("ctorch._utils\n_rebuild_tensor_v2\nq\x020ctorch\nFloatStorage\nq\x030") // GLOBAL; BINPUT 2; POP; GLOBAL; BINPUT 3; POP
	for i := 0; i < n; i++ {
		b.WriteString("X\x06\x00\x00\x00layer.")               // BINUNICODE 'layer.'
		b.WriteString("h\x02((X\x07\x00\x00\x00storageh\x03X") // BINGET 2; MARK; MARK; BINUNICODE 'storage'; BINGET 3; BINUNICODE
		b.Write(le(1))
		b.WriteString("0X\x03\x00\x00\x00cpuJ") // '0'; BINUNICODE 'cpu'; BININT
		b.Write(le(64))
		b.WriteString("tQK\x00K\x08K\x08\x86K\x08K\x01\x86\x89h\x00)Rtr") // TUPLE; BINPERSID; BININT1 0; (8, 8); (8, 1); NEWFALSE; BINGET 0; EMPTY_TUPLE; REDUCE; TUPLE; LONG_BINPUT
		b.Write(le(4 + i))
		b.WriteString("R") // REDUCE
	}
	b.WriteString("u.") // SETITEMS; STOP
	return b.Bytes()
}

// BenchmarkScan scans a torch-like state dict of 20,000 tensors (about
// 1.6 MB, 120,000 calls): go test -bench Scan -benchmem ./model/safety
func BenchmarkScan(b *testing.B) {
	data := torchLike(20000)
	f, err := decoder.Decode(data, decoder.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if r := safety.Scan(f); r.Verdict != safety.Safe {
			b.Fatalf("verdict %s: %s", r.Verdict, r.Summary)
		}
	}
}

// recordsLike builds W1's shape on a smaller scale: a protocol 4 list of n
// dicts {'id': i, 'name': 'n<i>', 'score': i/2, 'tags': ['a', 'b']}, 18
// ops per dict, and no global or call.
func recordsLike(n int) []byte {
	var b bytes.Buffer
	str := func(s string) { b.WriteByte(0x8c); b.WriteByte(byte(len(s))); b.WriteString(s) } // SHORT_BINUNICODE
	b.WriteString("\x80\x04]")                                                               // PROTO 4; EMPTY_LIST
	for i := 0; i < n; i++ {
		if i%1000 == 0 {
			b.WriteByte('(') // MARK
		}
		b.WriteString("}(") // EMPTY_DICT; MARK
		str("id")
		b.WriteByte('J') // BININT
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(i)))
		str("name")
		str(fmt.Sprintf("n%d", i))
		str("score")
		b.WriteByte('G') // BINFLOAT
		b.Write(binary.BigEndian.AppendUint64(nil, math.Float64bits(float64(i)/2)))
		str("tags")
		b.WriteString("](") // EMPTY_LIST; MARK
		str("a")
		str("b")
		b.WriteString("eu") // APPENDS; SETITEMS
		if i%1000 == 999 || i == n-1 {
			b.WriteByte('e') // APPENDS
		}
	}
	b.WriteByte('.') // STOP
	return b.Bytes()
}

// BenchmarkScanPlain scans plain data, 200,000 dicts (3.6 million ops):
// the scan reads the nodes' kinds, not the ops.
func BenchmarkScanPlain(b *testing.B) {
	data := recordsLike(200_000)
	f, err := decoder.Decode(data, decoder.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if r := safety.Scan(f); r.Verdict != safety.Safe || r.GlobalsTotal+r.CallsTotal != 0 {
			b.Fatalf("verdict %s: %s", r.Verdict, r.Summary)
		}
	}
}
