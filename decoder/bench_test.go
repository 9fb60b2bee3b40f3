package decoder_test

import (
	"os"
	"runtime"
	"testing"

	"pklx/decoder"
)

// BenchmarkDecodeFile decodes the file named by $PKLX_BENCH_FILE (make
// bench writes the workloads; see BENCHMARKS.md) and reports throughput,
// ops per second and the heap the model keeps.
func BenchmarkDecodeFile(b *testing.B) {
	path := os.Getenv("PKLX_BENCH_FILE")
	if path == "" {
		b.Skip("set PKLX_BENCH_FILE to a pickle file")
	}
	src, err := decoder.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	b.SetBytes(int64(len(src.Data)))
	b.ReportAllocs()
	ops := 0
	var heap uint64
	for i := 0; i < b.N; i++ {
		f, err := decoder.Decode(src.Data, decoder.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ops = 0
		for _, p := range f.Pickles {
			ops += p.NumOps()
		}
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		heap = ms.HeapAlloc
		runtime.KeepAlive(f)
	}
	b.ReportMetric(float64(ops)*float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	b.ReportMetric(float64(heap)/(1<<20), "MiB-kept")
}

// BenchmarkIndexFile runs the index-only pass (IndexOps) over the first
// pickle of $PKLX_BENCH_FILE, and BenchmarkReadFile reads every byte of it
// once (the floor both are compared with).
func BenchmarkIndexFile(b *testing.B) {
	data := benchData(b)
	ops := 0
	for i := 0; i < b.N; i++ {
		p, err := decoder.IndexOps(data, 0, decoder.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ops = p.NumOps()
	}
	b.ReportMetric(float64(ops)*float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

func BenchmarkReadFile(b *testing.B) {
	data := benchData(b)
	var sum byte
	for i := 0; i < b.N; i++ {
		for _, c := range data {
			sum += c
		}
	}
	runtime.KeepAlive(sum)
}

// benchData is the bytes of $PKLX_BENCH_FILE, read into memory.
func benchData(b *testing.B) []byte {
	path := os.Getenv("PKLX_BENCH_FILE")
	if path == "" {
		b.Skip("set PKLX_BENCH_FILE to a pickle file")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	return data
}
