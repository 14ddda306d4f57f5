//go:build ignore

package main

import "fmt"

func crash(started chan bool) {
	fmt.Println("goroutine running")
	started <- true
	panic("goroutine failed")
}

func main() {
	started := make(chan bool)
	block := make(chan bool)
	go crash(started)
	<-started
	fmt.Println("main waiting")
	<-block
}
