//go:build ignore

package main

import "fmt"

var g int
var h = 10

func inc(p *int) {
	*p = *p + 1
}

func main() {
	p := &g
	*p = 5
	fmt.Println(g, *p)
	inc(&g)
	inc(p)
	fmt.Println(g)
	q := &h
	fmt.Println(p == q, p == &g, *q)
	q = p
	*q = 100
	fmt.Println(g, h, p == q)
	n := new(int)
	fmt.Println(*n)
	*n = 3
	inc(n)
	fmt.Println(*n)
}
