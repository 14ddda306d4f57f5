//go:build ignore

package main

import "fmt"

func main() {
	ch := make(chan int)
	fmt.Println("receiving from a channel nobody sends on")
	<-ch
}
