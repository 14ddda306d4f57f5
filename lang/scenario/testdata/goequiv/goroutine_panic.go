//go:build ignore

package main

import "fmt"

func crash(ready chan bool) {
	<-ready
	fmt.Println("goroutine running")
	panic("goroutine failed")
}

func main() {
	ready := make(chan bool)
	block := make(chan bool)
	go crash(ready)
	fmt.Println("main started the goroutine")
	ready <- true
	<-block
}
