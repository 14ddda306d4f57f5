//go:build ignore

package main

import "fmt"

func zero(p *[4]int) {
	for i := 0; i < 4; i++ {
		(*p)[i] = 0
	}
}

func main() {
	a := [4]int{1, 2, 3, 4}
	p := &a
	(*p)[1] = 20
	fmt.Println(a, *p)
	q := &a[2]
	*q = 30
	fmt.Println(a)
	zero(&a)
	fmt.Println(a)
}
