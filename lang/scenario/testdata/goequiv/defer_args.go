//go:build ignore

package main

import "fmt"

var calls int

func next() int {
	calls++
	fmt.Println("next called, calls =", calls)
	return calls * 10
}

func show(label string, v int) {
	fmt.Println(label, v)
}

func main() {
	x := 1
	defer fmt.Println("x at defer time:", x)
	x = 2
	defer show("next() at defer time:", next())
	x = 3
	fmt.Println("x now:", x, "calls now:", calls)
}
