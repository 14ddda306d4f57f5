//go:build ignore

package main

import "fmt"

func main() {
	var fs [3]func() int
	k := 0
	for i := 0; i < 6; i++ {
		fs[k] = func() int { return i }
		k++
		i++
	}
	fmt.Println(fs[0](), fs[1](), fs[2]())

	var inc [2]func()
	var get [2]func() int
	for i := 0; i < 2; i++ {
		inc[i] = func() { i += 100 }
		get[i] = func() int { return i }
	}
	inc[0]()
	inc[0]()
	fmt.Println(get[0](), get[1]())
}
