//go:build ignore

package main

import "fmt"

func main() {
	var fib func(n int) int
	fib = func(n int) int {
		if n < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	}
	fmt.Println(fib(20))
	var depth func(n int) int
	depth = func(n int) int {
		if n == 0 {
			return 0
		}
		return 1 + depth(n-1)
	}
	fmt.Println(depth(50))
}
