//go:build ignore

package main

import "fmt"

func divmod(a, b int) (int, int) {
	return a / b, a % b
}

func swap(a, b string) (string, string) {
	return b, a
}

func minmax(a, b, c int) (lo, hi int) {
	lo, hi = a, a
	if b < lo {
		lo = b
	}
	if c < lo {
		lo = c
	}
	if b > hi {
		hi = b
	}
	if c > hi {
		hi = c
	}
	return
}

func main() {
	q, r := divmod(17, 5)
	fmt.Println(q, r)
	q, r = divmod(-17, 5)
	fmt.Println(q, r)
	x, y := swap("left", "right")
	fmt.Println(x, y)
	_, only := divmod(9, 4)
	fmt.Println(only)
	lo, hi := minmax(5, -2, 9)
	fmt.Println(lo, hi)
	q, r = divmod(100, 7)
	fmt.Println(q, r)
}
