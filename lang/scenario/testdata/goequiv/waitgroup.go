//go:build ignore

package main

import (
	"fmt"
	"sync"
)

var results [5]int
var wg sync.WaitGroup

func square(i int) {
	defer wg.Done()
	results[i] = i * i
}

func main() {
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go square(i)
	}
	wg.Wait()
	fmt.Println(results)
	var local sync.WaitGroup
	total := 0
	var mu sync.Mutex
	for i := 1; i <= 3; i++ {
		local.Add(1)
		go func() {
			defer local.Done()
			mu.Lock()
			total += i
			mu.Unlock()
		}()
	}
	local.Wait()
	fmt.Println("total", total)
}
