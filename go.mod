module github.com/cohere-sim/cohere

go 1.26.8
