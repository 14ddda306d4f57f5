// This file turns Ctrl-C into a channel that running simulations watch.

package main

import (
	"os"
	"os/signal"
)

// notifyInterrupt returns a channel closed on the first Ctrl-C; a second
// Ctrl-C ends the process at once.
func notifyInterrupt() <-chan struct{} {
	ch := make(chan struct{})
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt)
	go func() {
		<-sig
		close(ch)
		<-sig
		os.Exit(130)
	}()
	return ch
}

// stop returns the channel closed on Ctrl-C, or nil when the command runs
// without signals (tests).
func (e *env) stop() <-chan struct{} {
	if e.interrupt == nil {
		return nil
	}
	return e.interrupt()
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
