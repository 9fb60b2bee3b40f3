package export

import (
	"io"
	"testing"
	"time"
)

func TestTmpDeepTime(t *testing.T) {
	p := decodeFirst(t, "nested", nested(1_000_000))
	for i := 0; i < 1; i++ {
		t0 := time.Now()
		JSON(io.Discard, p, p.Root(), Options{})
		t.Log("plain", time.Since(t0))
		t0 = time.Now()
		JSON(io.Discard, p, p.Root(), Options{Typed: true})
		t.Log("typed", time.Since(t0))
	}
}
