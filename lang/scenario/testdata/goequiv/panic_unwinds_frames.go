//go:build ignore

package main

import "fmt"

func c(n int) {
	defer fmt.Println("c deferred", n)
	if n == 0 {
		panic("bottom reached")
	}
	c(n - 1)
}

func b() {
	defer func() {
		fmt.Println("b's deferred closure runs")
	}()
	c(2)
}

func main() {
	defer fmt.Println("main deferred")
	b()
}
