//go:build ignore

package main

import "fmt"

func main() {
	var p *int
	var c chan int
	fmt.Println(p)
	fmt.Printf("%v %p\n", p, p)
	fmt.Println(p == nil, c == nil)
	fmt.Println(c)
	fmt.Printf("%v\n", c)
	x := 5
	p = &x
	fmt.Println(p != nil, *p)
	fmt.Println(recover())
	fmt.Printf("%v\n", nil)
}
