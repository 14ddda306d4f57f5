//go:build ignore

package main

import "fmt"

func newCounter() *int {
	c := 0
	return &c
}

func setTo(pp **int, p *int) {
	*pp = p
}

func main() {
	x := 1
	p := &x
	*p = 2
	fmt.Println(x, *p)
	a := newCounter()
	b := newCounter()
	*a = 10
	*b = 20
	fmt.Println(*a, *b, a == b)
	var r *int
	setTo(&r, &x)
	*r = 77
	fmt.Println(x, r == p)
	y := 5
	pp := &p
	*pp = &y
	**pp = 6
	fmt.Println(x, y, *p)
	var bs [3]bool
	bp := &bs[1]
	*bp = true
	fmt.Println(bs)
}
