//go:build ignore

package main

import "fmt"

func pair() (int, int) { return 3, 4 }

func add(a, b int) int { return a + b }

func twice() (int, int) { return pair() }

func main() {
	fmt.Println(add(pair()))
	a, b := twice()
	fmt.Println(a, b)
	fmt.Println(pair())
}
