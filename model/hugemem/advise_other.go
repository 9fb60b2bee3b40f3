//go:build !linux

package hugemem

import "unsafe"

// advisable is whether this system takes huge-page advice.
const advisable = false

// advise does nothing where huge-page advice is not available.
func advise(p unsafe.Pointer, n uintptr) {}
