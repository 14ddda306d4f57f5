//go:build ignore

package main

import "fmt"

func main() {
	a, b := 1, 2
	a, b = b, a
	fmt.Println(a, b)
	x, y := 0, 1
	for i := 0; i < 10; i++ {
		x, y = y, x+y
	}
	fmt.Println(x, y)
	var arr [3]int
	i := 0
	i, arr[i] = 2, 9
	fmt.Println(i, arr)
	s, t := "s", "t"
	s, t = t+s, s+t
	fmt.Println(s, t)
}
