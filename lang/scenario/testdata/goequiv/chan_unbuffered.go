//go:build ignore

package main

import "fmt"

func ping(in chan int, out chan int) {
	for i := 0; i < 3; i++ {
		v := <-in
		fmt.Println("ping got", v)
		out <- v + 1
	}
}

func main() {
	a := make(chan int)
	b := make(chan int)
	go ping(a, b)
	v := 0
	for i := 0; i < 3; i++ {
		a <- v
		v = <-b
		fmt.Println("main got", v)
		v *= 10
	}
}
