package hugemem

import (
	"testing"
	"unsafe"
)

type rec struct{ a, b, c uint32 } // 12 bytes: not a divisor of a huge page

// TestMakeIsMake: whatever the size, Make behaves like make: the length
// and capacity asked for, zeroed, appendable past its capacity, and (for
// a big array on a system that takes the advice) starting within one
// element of a huge-page boundary, so that all of it can be huge pages.
func TestMakeIsMake(t *testing.T) {
	for _, c := range []int{0, 1, 1000, MinBytes/12 - 1, MinBytes / 12, 3 * MinBytes / 12, 40 << 20 / 12} {
		s := Make[rec](c/2, c)
		if len(s) != c/2 || cap(s) != c {
			t.Fatalf("Make(%d, %d): len %d, cap %d", c/2, c, len(s), cap(s))
		}
		s = s[:c]
		for i := range s {
			if s[i] != (rec{}) {
				t.Fatalf("cap %d: element %d is %v", c, i, s[i])
			}
			s[i] = rec{uint32(i), 1, 2}
		}
		s = append(s, rec{7, 7, 7})
		if len(s) != c+1 || s[c] != (rec{7, 7, 7}) || c > 0 && s[c-1] != (rec{uint32(c - 1), 1, 2}) {
			t.Fatalf("cap %d: append past the capacity lost data", c)
		}
		if advisable && c*12 >= MinBytes {
			m := Make[rec](0, c)
			if off := uintptr(unsafe.Pointer(unsafe.SliceData(m[:1]))) % hugePage; off >= 12 {
				t.Errorf("cap %d: array starts %d bytes past a huge-page boundary", c, off)
			}
		}
	}
}

// TestGrowKeepsContents: Grow copies what s holds into the bigger array,
// and returns s itself when it is big enough.
func TestGrowKeepsContents(t *testing.T) {
	s := []uint64{1, 2, 3}
	g := Grow(s, 1<<18) // 2 MiB
	if len(g) != 3 || cap(g) != 1<<18 || g[0] != 1 || g[2] != 3 {
		t.Fatalf("Grow: len %d cap %d %v", len(g), cap(g), g[:3])
	}
	if h := Grow(g, 10); &h[0] != &g[0] || cap(h) != cap(g) {
		t.Fatal("Grow of a big enough slice made a new one")
	}
}
