//go:build ignore

package main

import "fmt"

func produce(n int, ch chan int) {
	for i := 0; i < n; i++ {
		ch <- i * i
	}
	close(ch)
}

func main() {
	ch := make(chan int)
	go produce(5, ch)
	for v := range ch {
		fmt.Println("got", v)
	}
	fmt.Println("channel closed")
	bc := make(chan int, 10)
	go produce(4, bc)
	sum := 0
	for v := range bc {
		sum += v
	}
	fmt.Println("sum", sum)
}
