//go:build ignore

package main

import "fmt"

func main() {
	a := [3]int{1, 2, 3}
	for i, v := range a {
		a[2] = 100
		fmt.Println(i, v)
	}
	fmt.Println(a)
	for i := range a {
		a[i] *= 2
	}
	fmt.Println(a)
}
