//go:build ignore

package main

import "fmt"

// Two goroutines that each select between sending and receiving on the
// same unbuffered channels: every exchange pairs one send with one receive.
func player(name string, in, out chan int, quit chan bool, done chan string) {
	for {
		select {
		case v := <-in:
			if v >= 6 {
				quit <- true
				done <- name
				return
			}
			out <- v + 1
		case <-quit:
			done <- name
			return
		}
	}
}

func main() {
	ping := make(chan int)
	pong := make(chan int)
	quit := make(chan bool)
	done := make(chan string)
	go player("p1", ping, pong, quit, done)
	go player("p2", pong, ping, quit, done)
	ping <- 0
	a, b := <-done, <-done
	fmt.Println(a != b)
}
