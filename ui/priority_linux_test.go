package ui

import (
	"runtime"
	"syscall"
	"testing"
)

// TestLowerPriority: background work runs at nice backgroundNice, so that
// the UI thread and the rasterizer's threads win the processors; the main
// thread (Fyne's, in the window) is never lowered.
func TestLowerPriority(t *testing.T) {
	type result struct{ tid, before, after int }
	const n = 4 // locked at once, so on four threads: one at most is the main one
	results := make(chan result, n)
	release := make(chan struct{})
	for range n {
		go func() {
			runtime.LockOSThread()
			tid := syscall.Gettid()
			if tid == syscall.Getpid() {
				defer runtime.UnlockOSThread() // keep the main thread in service
			} // other threads end with their goroutine, lowered or not
			before, _ := syscall.Getpriority(syscall.PRIO_PROCESS, tid)
			lowerPriority()
			after, _ := syscall.Getpriority(syscall.PRIO_PROCESS, tid)
			results <- result{tid, 20 - before, 20 - after} // the system call returns 20 - nice
			<-release
		}()
	}
	lowered := 0
	for range n {
		r := <-results
		switch {
		case r.tid == syscall.Getpid() && r.after != r.before:
			t.Errorf("the main thread went from nice %d to %d", r.before, r.after)
		case r.tid != syscall.Getpid() && r.after != backgroundNice:
			t.Errorf("thread %d runs at nice %d, want %d", r.tid, r.after, backgroundNice)
		case r.tid != syscall.Getpid():
			lowered++
		}
	}
	close(release)
	if lowered < n-1 {
		t.Errorf("%d threads lowered, want %d", lowered, n-1)
	}
}
