//go:build race

package ml

const raceEnabled = true
