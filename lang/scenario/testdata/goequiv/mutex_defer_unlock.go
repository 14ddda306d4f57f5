//go:build ignore

package main

import (
	"fmt"
	"sync"
)

var mu sync.Mutex
var balance int

func deposit(n int) {
	mu.Lock()
	defer mu.Unlock()
	balance += n
}

func withdraw(n int) (ok bool) {
	mu.Lock()
	defer mu.Unlock()
	if balance < n {
		return false
	}
	balance -= n
	return true
}

func main() {
	done := make(chan bool)
	for i := 1; i <= 5; i++ {
		go func() {
			deposit(i * 10)
			done <- true
		}()
	}
	for i := 0; i < 5; i++ {
		<-done
	}
	fmt.Println("balance", balance)
	fmt.Println(withdraw(100), withdraw(100), balance)
}
