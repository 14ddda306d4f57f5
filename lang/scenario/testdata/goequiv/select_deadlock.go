//go:build ignore

package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan int)
	fmt.Println("waiting on two channels nobody uses")
	select {
	case <-a:
	case b <- 1:
	}
}
