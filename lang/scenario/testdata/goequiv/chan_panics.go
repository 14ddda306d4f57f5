//go:build ignore

package main

import "fmt"

func sendClosed() {
	defer func() { fmt.Println("recovered:", recover()) }()
	ch := make(chan int, 1)
	close(ch)
	ch <- 1
}

func closeClosed() {
	defer func() { fmt.Println("recovered:", recover()) }()
	ch := make(chan int)
	close(ch)
	close(ch)
}

func closeNil() {
	defer func() { fmt.Println("recovered:", recover()) }()
	var ch chan int
	close(ch)
}

func main() {
	sendClosed()
	closeClosed()
	closeNil()
	ch := make(chan int)
	close(ch)
	ch <- 5
}
