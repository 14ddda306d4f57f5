//go:build ignore

package main

import "fmt"

func modify(a [3]int) [3]int {
	a[0] = 99
	return a
}

func main() {
	a := [3]int{1, 2, 3}
	b := a
	b[0] = 100
	fmt.Println(a, b)
	c := modify(a)
	fmt.Println(a, c)
	fmt.Println(a == [3]int{1, 2, 3}, a == b)
	var g [2][2]int
	h := g
	h[1][1] = 5
	fmt.Println(g, h)
	row := h[1]
	row[0] = 7
	fmt.Println(h, row)
	fmt.Println(len(a), len(g))
}
