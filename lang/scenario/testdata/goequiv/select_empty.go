//go:build ignore

package main

import "fmt"

func main() {
	done := make(chan bool)
	go func() {
		fmt.Println("worker ran")
		done <- true
	}()
	<-done
	fmt.Println("blocking forever")
	select {}
}
