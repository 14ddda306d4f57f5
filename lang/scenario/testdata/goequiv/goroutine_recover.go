//go:build ignore

package main

import "fmt"

func safeWorker(id int, done chan int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("worker", id, "recovered:", r)
		}
		done <- id
	}()
	if id%2 == 1 {
		panic(id * 100)
	}
	fmt.Println("worker", id, "fine")
}

func main() {
	done := make(chan int)
	for i := 0; i < 4; i++ {
		go safeWorker(i, done)
		fmt.Println("finished", <-done)
	}
}
