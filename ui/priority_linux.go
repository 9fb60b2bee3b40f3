package ui

import "syscall"

// backgroundNice is the nice value of the threads that run the window's
// background work (decoding, indexing, searching, exporting). When every
// processor is busy, the kernel gives the UI thread and the GL
// rasterizer's threads (nice 0, created by the UI thread) about nine times
// the processor time of a thread at nice 10; when the window is idle, the
// background work gets all of it.
const backgroundNice = 10

// lowerPriority sets the nice value of the thread the calling goroutine
// runs on to backgroundNice. Go moves goroutines between threads, so
// background work calls it again where it yields (see yieldToUI); a thread
// it leaves lowered runs only other goroutines, never the window's, which
// Fyne locks to the main thread (never lowered: its thread id is the
// process id). Raising a nice value back needs a privilege, so it is never
// done: a lowered thread stays so.
func lowerPriority() {
	if tid := syscall.Gettid(); tid != syscall.Getpid() {
		_ = syscall.Setpriority(syscall.PRIO_PROCESS, tid, backgroundNice)
	}
}
