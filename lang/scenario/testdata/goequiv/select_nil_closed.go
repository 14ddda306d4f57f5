//go:build ignore

package main

import "fmt"

func main() {
	var never chan int // nil: its cases are never ready
	closed := make(chan int)
	close(closed)
	// A nil channel's case is never chosen; the closed one is ready.
	for i := 0; i < 3; i++ {
		select {
		case v := <-never:
			fmt.Println("from nil", v)
		case never <- 1:
			fmt.Println("sent to nil")
		case v, ok := <-closed:
			fmt.Println("closed:", v, ok)
		}
	}
	// Only nil channels and a default: the default.
	select {
	case <-never:
		fmt.Println("nil")
	default:
		fmt.Println("default with nil channels")
	}
	// Disabling a drained channel by setting it to nil.
	a := make(chan int, 3)
	b := make(chan int, 3)
	for i := 1; i <= 3; i++ {
		a <- i
		b <- 10 * i
	}
	close(a)
	close(b)
	sum, closes := 0, 0
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				closes++
				continue
			}
			sum += v
		case v, ok := <-b:
			if !ok {
				b = nil
				closes++
				continue
			}
			sum += v
		}
	}
	fmt.Println("sum", sum, "closes", closes)
}
