module github.com/mockserver-go/mockserver

go 1.26.8
