//go:build ignore

package main

import "fmt"

func main() {
	unbuf := make(chan int)
	buf := make(chan int, 1)
	// Nothing is ready: the default runs.
	select {
	case v := <-unbuf:
		fmt.Println("received", v)
	case unbuf <- 1:
		fmt.Println("sent")
	default:
		fmt.Println("default: nothing ready")
	}
	// Room in the buffer: the send proceeds.
	select {
	case buf <- 7:
		fmt.Println("sent 7")
	default:
		fmt.Println("default")
	}
	// The buffer is full: the default again.
	select {
	case buf <- 8:
		fmt.Println("sent 8")
	default:
		fmt.Println("default: buffer full")
	}
	// A value is waiting: the receive proceeds.
	select {
	case v, ok := <-buf:
		fmt.Println("received", v, ok)
	default:
		fmt.Println("default")
	}
	// A non-blocking receive in a loop.
	polls := 0
	for {
		select {
		case v := <-buf:
			fmt.Println("unexpected", v)
		default:
			polls++
		}
		if polls == 3 {
			break
		}
	}
	fmt.Println("polled", polls, "times")
}
