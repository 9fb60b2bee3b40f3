package export

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"testing"
)

// records writes, as CPython's protocol 4 pickler would (keys memoized and
// fetched again with BINGET/LONG_BINGET), a list of n dicts
// {'id': i, 'name': 'item i', 'score': i/2, 'tags': ['a', 'b'], 'blob': b'...'},
// or, with instances, of n zoo.Point objects whose state is that dict.
func records(n int, instances bool) []byte {
	b := []byte("\x80\x04]\x94(") // PROTO 4, EMPTY_LIST, MEMOIZE, MARK
	memo := 1
	get := func(i int) {
		b = append(b, 'j') // LONG_BINGET
		b = binary.LittleEndian.AppendUint32(b, uint32(i))
	}
	str := func(s string) {
		b = append(b, 0x8c, byte(len(s))) // SHORT_BINUNICODE
		b = append(b, s...)
		b = append(b, 0x94) // MEMOIZE
		memo++
	}
	keys := map[string]int{}
	key := func(s string) {
		if i, ok := keys[s]; ok {
			get(i)
			return
		}
		keys[s] = memo
		str(s)
	}
	cls := -1
	for i := range n {
		if instances {
			if cls < 0 {
				str("zoo")
				str("Point")
				b = append(b, 0x93, 0x94) // STACK_GLOBAL, MEMOIZE
				cls = memo
				memo++
			} else {
				get(cls)
			}
			b = append(b, ')', 0x81, 0x94) // EMPTY_TUPLE, NEWOBJ, MEMOIZE
			memo++
		}
		b = append(b, '}', 0x94, '(') // EMPTY_DICT, MEMOIZE, MARK
		memo++
		key("id")
		b = append(b, 'J') // BININT
		b = binary.LittleEndian.AppendUint32(b, uint32(i))
		key("name")
		str(fmt.Sprintf("item %d", i))
		key("score")
		b = append(b, 'G') // BINFLOAT
		b = binary.BigEndian.AppendUint64(b, math.Float64bits(float64(i)/2))
		key("tags")
		b = append(b, ']', 0x94, '(') // EMPTY_LIST, MEMOIZE, MARK
		memo++
		key("a")
		key("b")
		b = append(b, 'e') // APPENDS
		key("blob")
		b = append(b, 'C', 16) // SHORT_BINBYTES
		b = append(b, "0123456789abcdef"...)
		b = append(b, 0x94) // MEMOIZE
		memo++
		b = append(b, 'u') // SETITEMS
		if instances {
			b = append(b, 'b') // BUILD
		}
	}
	return append(b, 'e', '.') // APPENDS, STOP
}

func benchExport(b *testing.B, data []byte, o Options) {
	p := decodeFirst(b, "bench", data)
	var w countWriter
	var n int64
	w.n = &n
	if err := JSON(w, p, p.Root(), o); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(n)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := JSON(io.Discard, p, p.Root(), o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(p.NumNodes())*float64(b.N)/b.Elapsed().Seconds(), "nodes/s")
}

func BenchmarkRecordsPlain(b *testing.B) { benchExport(b, records(100_000, false), Options{}) }
func BenchmarkRecordsTyped(b *testing.B) {
	benchExport(b, records(100_000, false), Options{Typed: true})
}
func BenchmarkRecordsIndent(b *testing.B) {
	benchExport(b, records(100_000, false), Options{Indent: "  "})
}
func BenchmarkInstancesPlain(b *testing.B) {
	benchExport(b, records(100_000, true), Options{})
}
func BenchmarkInstancesTyped(b *testing.B) {
	benchExport(b, records(100_000, true), Options{Typed: true})
}
func BenchmarkDeepPlain(b *testing.B) { benchExport(b, nested(1_000_000), Options{}) }
func BenchmarkDeepTyped(b *testing.B) { benchExport(b, nested(1_000_000), Options{Typed: true}) }

// TestRecordsFixture checks the benchmark input is what it says.
func TestRecordsFixture(t *testing.T) {
	for _, inst := range []bool{false, true} {
		p := decodeFirst(t, "records", records(2, inst))
		want := `[{"id":0,"name":"item 0","score":0.0,"tags":["a","b"],"blob":{"$bytes":"MDEyMzQ1Njc4OWFiY2RlZg=="}},` +
			`{"id":1,"name":"item 1","score":0.5,"tags":["a","b"],"blob":{"$bytes":"MDEyMzQ1Njc4OWFiY2RlZg=="}}]`
		if inst {
			want = `[{"$class":"zoo.Point","id":0,"name":"item 0","score":0.0,"tags":["a","b"],"blob":{"$bytes":"MDEyMzQ1Njc4OWFiY2RlZg=="}},` +
				`{"$class":"zoo.Point","id":1,"name":"item 1","score":0.5,"tags":["a","b"],"blob":{"$bytes":"MDEyMzQ1Njc4OWFiY2RlZg=="}}]`
		}
		if got := export(t, p, Options{}); got != want {
			t.Errorf("instances=%v:\n got %s\nwant %s", inst, got, want)
		}
	}
}
