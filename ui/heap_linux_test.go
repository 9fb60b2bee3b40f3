//go:build linux && cgo

package ui

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// heapChildEnv makes the test binary run prepareHeap in init, on the main
// thread (whose malloc arena is the brk heap, as in the window), report
// the heap's huge-page-advised stretch and exit.
const heapChildEnv = "PKLX_TEST_PREPARE_HEAP"

func init() {
	if os.Getenv(heapChildEnv) != "1" {
		return
	}
	prepareHeap()
	fmt.Println("advised", advisedHeap())
	os.Exit(0)
}

// advisedHeap is the size in bytes of the [heap] mappings of this process
// that carry the huge-page advice (VmFlags "hg" in /proc/self/smaps).
func advisedHeap() int64 {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return -1
	}
	defer f.Close()
	var total, size int64
	heap := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 1 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			heap = fields[len(fields)-1] == "[heap]"
			lo, hi, _ := strings.Cut(fields[0], "-")
			a, _ := strconv.ParseUint(lo, 16, 64)
			b, _ := strconv.ParseUint(hi, 16, 64)
			size = int64(b - a)
		case heap && len(fields) > 1 && fields[0] == "VmFlags:":
			for _, fl := range fields[1:] {
				if fl == "hg" {
					total += size
				}
			}
		}
	}
	return total
}

// TestPrepareHeap: the window's start-up leaves a stretch of the C heap,
// where Mesa's software rasterizer keeps textures, advised for huge pages
// (at least 60 of the 64 MB it grows by; the rest is alignment).
func TestPrepareHeap(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage"); err != nil {
		t.Skip("no transparent huge pages in this kernel")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), heapChildEnv+"=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var n int64
	if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "advised %d", &n); err != nil {
		t.Fatalf("child said %q", out)
	}
	if n < 60<<20 {
		t.Errorf("%d MB of the heap advised for huge pages, want at least 60", n>>20)
	}
}
