//go:build ignore

package main

import "fmt"

var global = [3]int{1, 2, 3}

func modify(a [3]int) [3]int {
	a[0] = 99
	return a
}

func sum(a [3]int) int {
	t := 0
	for i := range a {
		t += a[i]
		a[i] = 0
	}
	return t
}

func main() {
	a := [3]int{1, 2, 3}
	c := modify(a)
	fmt.Println(a, c)
	fmt.Println(sum(a), a)
	d := modify(global)
	fmt.Println(global, d)
	c[1] = 50
	fmt.Println(c, d)
}
