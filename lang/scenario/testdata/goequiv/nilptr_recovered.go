//go:build ignore

package main

import "fmt"

func read(p *int) (v int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
			v = -1
		}
	}()
	return *p
}

func write(p *int) {
	defer func() {
		fmt.Println("write recovered:", recover())
	}()
	*p = 5
	fmt.Println("wrote", *p)
}

func main() {
	x := 3
	fmt.Println(read(&x))
	fmt.Println(read(nil))
	write(&x)
	var q *int
	write(q)
}
