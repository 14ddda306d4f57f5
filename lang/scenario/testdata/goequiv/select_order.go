//go:build ignore

package main

import "fmt"

func ch(name string, c chan int) chan int {
	fmt.Println("channel operand", name)
	return c
}

func val(v int) int {
	fmt.Println("send value", v)
	return v
}

func main() {
	x := make(chan int, 1)
	y := make(chan int, 1)
	x <- 0 // x's buffer is full: only the receive from y is ready
	y <- 5
	// Every channel operand and send value is evaluated once, in source
	// order, before a case is chosen, even those of the cases not chosen.
	select {
	case ch("x", x) <- val(1):
		fmt.Println("sent to x")
	case v := <-ch("y", y):
		fmt.Println("received", v, "from y")
	case ch("x again", x) <- val(2):
		fmt.Println("sent to x again")
	}
	// break leaves the select, not the loop; continue goes on with the loop.
	n := 0
	for i := 0; i < 4; i++ {
		select {
		case x <- i:
			if i%2 == 0 {
				<-x
				break
			}
			<-x
			continue
		default:
			<-x
		}
		n++
	}
	fmt.Println("n", n)
}
