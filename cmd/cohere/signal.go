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
