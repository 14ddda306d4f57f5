//go:build ignore

package main

import "fmt"

func show(label string, a [2]int) {
	fmt.Println(label, a)
}

func main() {
	a := [2]int{1, 2}
	defer fmt.Println("deferred Println got", a)
	defer show("deferred show got", a)
	defer func() { fmt.Println("closure sees", a) }()
	a[0] = 9
	a[1] = 8
	fmt.Println("now", a)
}
