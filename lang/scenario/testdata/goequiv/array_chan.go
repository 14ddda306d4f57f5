//go:build ignore

package main

import "fmt"

func main() {
	ch := make(chan [3]int, 1)
	a := [3]int{1, 2, 3}
	ch <- a
	a[0] = 100
	b := <-ch
	fmt.Println(a, b)
}
