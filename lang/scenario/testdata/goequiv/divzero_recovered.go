//go:build ignore

package main

import "fmt"

func div(a, b int) (q int, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
			ok = false
		}
	}()
	return a / b, true
}

func mod(a, b int) (m int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
			m = -1
		}
	}()
	m = a % b
	return
}

func main() {
	q, ok := div(7, 2)
	fmt.Println(q, ok)
	q, ok = div(7, 0)
	fmt.Println(q, ok)
	fmt.Println(mod(7, 3))
	fmt.Println(mod(7, 0))
}
