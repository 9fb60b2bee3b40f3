package ui

import (
	"testing"
	"time"
)

// exitAfter ends the process only once quitting has begun, and then with
// code 0.
func TestExitAfter(t *testing.T) {
	quit := make(chan struct{})
	codes := make(chan int, 1)
	go exitAfter(quit, time.Millisecond, func(code int) { codes <- code })
	select {
	case c := <-codes:
		t.Fatalf("exit(%d) before quitting", c)
	case <-time.After(50 * time.Millisecond):
	}
	close(quit)
	if c := <-codes; c != 0 {
		t.Fatalf("exit(%d), want 0", c)
	}
}

// Closing the last window says the app is quitting; closing another does
// not.
func TestLastWindowQuits(t *testing.T) {
	calls := 0
	a, b := &explorer{}, &explorer{}
	s := &shell{wins: []*explorer{a, b}, quitting: func() { calls++ }}
	s.closed(a)
	if calls != 0 {
		t.Fatal("closing one of two windows quit")
	}
	s.closed(b)
	if calls != 1 || len(s.wins) != 0 {
		t.Fatalf("closing the last window: %d quitting calls, %d windows left", calls, len(s.wins))
	}
}

// The Quit action (Ctrl+Q, File ▸ Quit) says the app is quitting: Fyne's
// Quit closes no window one by one, so closing the last one never happens.
func TestQuitActionQuits(t *testing.T) {
	h := newHarness(t)
	calls := 0
	h.sh.quitting = func() { calls++ }
	h.e.actions.quit.run()
	if calls != 1 {
		t.Fatalf("the Quit action made %d quitting calls, want 1", calls)
	}
}
