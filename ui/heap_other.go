//go:build !linux || !cgo

package ui

// prepareHeap does nothing off Linux and glibc (see the Linux version).
func prepareHeap() {}
