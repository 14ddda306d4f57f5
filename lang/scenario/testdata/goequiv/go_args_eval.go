//go:build ignore

package main

import "fmt"

func show(label string, x int, done chan bool) {
	fmt.Println(label, x)
	done <- true
}

func main() {
	done := make(chan bool)
	x := 1
	go show("goroutine saw", x, done)
	x = 2
	<-done
	fmt.Println("main has", x)
	for i := 0; i < 3; i++ {
		go show("iteration", i, done)
		<-done
	}
	y := 10
	go func(v int) {
		fmt.Println("literal got", v)
		done <- true
	}(y)
	<-done
}
