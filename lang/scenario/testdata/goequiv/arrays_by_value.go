//go:build ignore

package main

import "fmt"

func main() {
	a := [3]int{1, 2, 3}
	b := a
	b[0] = 100
	fmt.Println(a, b)
	fmt.Println(a == [3]int{1, 2, 3}, a == b)
	b = a
	fmt.Println(a == b)
	var g [2][2]int
	h := g
	h[1][1] = 5
	fmt.Println(g, h)
	row := h[1]
	row[0] = 7
	fmt.Println(h, row)
	fmt.Println(len(a), len(g))
}
