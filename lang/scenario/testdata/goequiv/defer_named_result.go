//go:build ignore

package main

import "fmt"

func double() (n int) {
	defer func() { n *= 2 }()
	return 21
}

func exclaim() (s string) {
	defer func() { s = s + "!" }()
	s = "hi"
	return
}

func both() (a int, ok bool) {
	defer func() {
		a = a + 1
		ok = !ok
	}()
	return 9, false
}

func order() (r int) {
	defer func() { r = r * 10 }()
	defer func() { r = r + 3 }()
	return 1
}

func main() {
	fmt.Println(double())
	fmt.Println(exclaim())
	a, ok := both()
	fmt.Println(a, ok)
	fmt.Println(order())
}
