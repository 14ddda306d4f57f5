//go:build ignore

package main

import "fmt"

func main() {
	a := [3]int{1, 2, 3}
	done := make(chan bool)
	go func(x [3]int) {
		x[1] = -1
		fmt.Println("goroutine copy", x)
		done <- true
	}(a)
	<-done
	fmt.Println("original", a)
}
