//go:build ignore

package main

import "fmt"

func at(a [3]int, i int) (v int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
			v = -1
		}
	}()
	return a[i]
}

func set(i int) {
	defer func() {
		fmt.Println("recovered:", recover())
	}()
	var b [4]string
	b[i] = "x"
	fmt.Println("set", i, "ok")
}

func main() {
	a := [3]int{10, 20, 30}
	fmt.Println(at(a, 1))
	fmt.Println(at(a, 3))
	fmt.Println(at(a, 5))
	set(2)
	set(4)
}
