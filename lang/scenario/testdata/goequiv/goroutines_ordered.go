//go:build ignore

package main

import "fmt"

func stage(id int, in chan int, out chan int) {
	v := <-in
	fmt.Println("goroutine", id, "got", v)
	out <- v + id
}

func main() {
	var chans [5]chan int
	for i := 0; i < 5; i++ {
		chans[i] = make(chan int)
	}
	for i := 0; i < 4; i++ {
		go stage(i+1, chans[i], chans[i+1])
	}
	chans[0] <- 100
	fmt.Println("result", <-chans[4])
}
