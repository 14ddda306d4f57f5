//go:build ignore

package main

import "fmt"

func counter(start int) func() int {
	c := start
	return func() int {
		c++
		return c
	}
}

func adder() (func(int), func() int) {
	sum := 0
	return func(n int) { sum += n }, func() int { return sum }
}

func main() {
	a := counter(0)
	b := counter(100)
	fmt.Println(a(), a(), a())
	fmt.Println(b(), b())
	fmt.Println(a())

	add, total := adder()
	for i := 1; i <= 4; i++ {
		add(i)
	}
	fmt.Println("total", total())

	x := 1
	bump := func() { x *= 3 }
	bump()
	bump()
	fmt.Println("x", x)
}
