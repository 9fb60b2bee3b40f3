package hugemem

import "unsafe"

// hugePage is the size of a huge page on the systems that advise them.
const hugePage = 2 << 20

// MinBytes is the smallest array, in bytes, that Make aligns and advises:
// below it an array is an ordinary make. A huge page is faulted in whole,
// so an array of MinBytes costs up to 2 MiB of memory once touched, but
// one fault instead of 256.
const MinBytes = 1 << 20

// Make is make([]T, n, c) for a T without pointers, placed and advised for
// huge pages when its capacity is at least MinBytes.
func Make[T any](n, c int) []T {
	var z T
	size := unsafe.Sizeof(z)
	if size == 0 || uintptr(c)*size < MinBytes || !advisable {
		return make([]T, n, c)
	}
	// Room for the skip to the first boundary (under a huge page) and for
	// the last huge page's tail past the array (under another).
	pad := int((2*hugePage)/size + 2)
	s := make([]T, c+pad)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	lo := alignUp(base, hugePage)
	k := int((lo - base + size - 1) / size)
	start := base + uintptr(k)*size
	hi := alignUp(start+uintptr(c)*size, hugePage)
	advise(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), lo-base), hi-lo)
	return s[k : k+n : k+c]
}

// Grow is s with capacity c (a copy into a Make'd array), or s when it has
// that much already.
func Grow[T any](s []T, c int) []T {
	if cap(s) >= c {
		return s
	}
	g := Make[T](len(s), c)
	copy(g, s)
	return g
}

func alignUp(x, a uintptr) uintptr { return (x + a - 1) &^ (a - 1) }
