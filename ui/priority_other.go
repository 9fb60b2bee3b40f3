//go:build !linux

package ui

// lowerPriority does nothing where threads have no priority of their own
// that a program may lower (see the Linux version).
func lowerPriority() {}
