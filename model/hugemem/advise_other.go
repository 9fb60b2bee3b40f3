//go:build !linux

package hugemem

// advisable is whether this system takes huge-page advice.
const advisable = false

// advise does nothing where huge-page advice is not available.
func advise(b []byte, skip uintptr) {}
