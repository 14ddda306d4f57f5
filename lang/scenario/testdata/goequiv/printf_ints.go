//go:build ignore

package main

import "fmt"

func main() {
	n := 42
	m := -7
	fmt.Printf("%d %d\n", n, m)
	fmt.Printf("[%5d] [%-5d] [%05d] [%+d] [%+d]\n", n, n, n, n, m)
	fmt.Printf("%x %X %o %b\n", 255, 255, 8, 5)
	fmt.Printf("%v %v\n", n, m)
	fmt.Printf("100%%\n")
	fmt.Printf("%d-%d-%d\n", 1, 2, 3)
	fmt.Printf("%x\n", -255)
	fmt.Printf("%3d|%3d|%3d\n", 1, 22, 333)
	fmt.Printf("%d\n", 9223372036854775807)
	fmt.Println(1, -2, 3)
}
