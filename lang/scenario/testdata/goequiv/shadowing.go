//go:build ignore

package main

import "fmt"

var x = 100

func show() { fmt.Println("global x", x) }

func main() {
	fmt.Println(x)
	x := 1
	fmt.Println(x)
	{
		x := 2
		x++
		fmt.Println("block", x)
	}
	if x := 5; x > 3 {
		fmt.Println("if", x)
	}
	for x := 0; x < 2; x++ {
		fmt.Println("for", x)
	}
	fmt.Println(x)
	show()
	f := func(x int) int { return x * 2 }
	fmt.Println(f(7), x)
}
