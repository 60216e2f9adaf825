// Command paved is the Paved DevSecOps maturity dashboard: collectors, scoring,
// dashboard and weekly digest in one binary.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := newEnv()
	now, err := clock(e.environ)
	if err == nil {
		e.now = now
		err = newRootCmd(e).ExecuteContext(ctx)
	}
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "paved:", termLine(err.Error()))
	}
	os.Exit(exitCode(err))
}
