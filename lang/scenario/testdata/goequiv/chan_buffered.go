//go:build ignore

package main

import "fmt"

func main() {
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	ch <- 3
	fmt.Println(<-ch, <-ch)
	ch <- 4
	fmt.Println(<-ch, <-ch)
	sc := make(chan string, 2)
	sc <- "hello"
	sc <- "world"
	a := <-sc
	b := <-sc
	fmt.Println(a + " " + b)
}
