//go:build ignore

package main

import "fmt"

func split(sum int) (x, y int) {
	x = sum * 4 / 9
	y = sum - x
	return
}

func zero() (n int, s string, b bool) {
	return
}

func override() (n int) {
	n = 5
	return 10
}

func early(k int) (msg string) {
	msg = "default"
	if k > 0 {
		return "positive"
	}
	return
}

func main() {
	x, y := split(17)
	fmt.Println(x, y)
	n, s, b := zero()
	fmt.Println(n, s == "", b)
	fmt.Println(override())
	fmt.Println(early(1), early(0))
}
