package ui

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// quitGrace is how long the process may take to end once it is quitting
// (its last window closed, the Quit action, or SIGINT or SIGTERM received)
// before guardExit's watchdog ends it.
const quitGrace = 3 * time.Second

// guardExit makes sure the process ends once it starts quitting. Fyne
// 2.7.1's shutdown can hang for good: a window event queued just as the
// main loop drains its queue of functions for the last time is never run,
// and the app waits for it (seen twice in about twenty SIGTERMs of windows
// that had just loaded W1 beside another window; goroutine dump: Run in
// Lifecycle.WaitForEvents, the event queue in runOnMainWithWait). A window
// that is closed, or a desktop that sends SIGTERM at logout, would leave a
// process behind. guardExit returns the function that says the app is
// quitting; from then on the process has quitGrace to end by itself.
func guardExit() (quitting func()) {
	quit := make(chan struct{})
	quitting = sync.OnceFunc(func() { close(quit) })
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM) // Fyne quits on them too
	go func() {
		<-sig
		quitting()
	}()
	go exitAfter(quit, quitGrace, os.Exit)
	return quitting
}

// exitAfter calls exit(0) grace after quit is closed: the process would
// have ended by then had its shutdown not hung.
func exitAfter(quit <-chan struct{}, grace time.Duration, exit func(code int)) {
	<-quit
	time.Sleep(grace)
	exit(0)
}
