//go:build ignore

package main

import "fmt"

func main() {
	c := make(chan int, 1)
	close(c)
	var never chan int
	defer fmt.Println("deferred")
	// The closed channel's send case is ready: choosing it panics.
	select {
	case c <- 1:
		fmt.Println("not reached")
	case <-never:
	}
}
