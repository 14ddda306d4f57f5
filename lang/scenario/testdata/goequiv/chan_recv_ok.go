//go:build ignore

package main

import "fmt"

func main() {
	ch := make(chan int, 2)
	ch <- 7
	close(ch)
	v, ok := <-ch
	fmt.Println(v, ok)
	v, ok = <-ch
	fmt.Println(v, ok)
	sc := make(chan string)
	close(sc)
	s, ok2 := <-sc
	fmt.Println(s == "", ok2)
	bc := make(chan bool, 1)
	bc <- true
	close(bc)
	b1, ok3 := <-bc
	b2, ok4 := <-bc
	fmt.Println(b1, ok3, b2, ok4)
}
