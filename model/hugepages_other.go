//go:build !linux

package model

// adviseHuge does nothing where huge-page advice is not available.
func adviseHuge[T any](s []T) {}
