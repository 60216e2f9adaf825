package main

import (
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/cobra"
)

// env is what a command needs from the process, injectable by tests.
type env struct {
	stdout, stderr io.Writer
	environ        map[string]string
	now            func() time.Time
	isTerminal     bool // stderr is a terminal: redraw progress in place
	// forgeClock, when set, is the wall clock the GitHub collector compares
	// forge answers with (rate-limit resets, token expiry); time.Now otherwise.
	forgeClock func() time.Time
}

func newEnv() *env {
	fi, err := os.Stderr.Stat()
	return &env{
		stdout:     os.Stdout,
		stderr:     os.Stderr,
		environ:    environMap(),
		now:        time.Now,
		isTerminal: err == nil && fi.Mode()&os.ModeCharDevice != 0,
	}
}

// logger writes structured logs to stderr, forge text in them cleaned.
func (e *env) logger() *slog.Logger {
	return slog.New(newCleanHandler(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
}

func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:           "paved",
		Short:         "Paved: DevSecOps maturity per team, from GitHub and GitLab data",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newCollectCmd(e),
		newDemoCmd(e),
		newDigestCmd(e),
		newForgeSimCmd(e),
		newJobsCmd(e),
		newMigrateCmd(e),
		newScoreCmd(e),
		newServeCmd(e),
		newTokenCmd(e),
		newVersionCmd(e),
	)
	for _, c := range root.Commands() {
		c.Args = usageArgs(c.Args)
	}
	// Bare `paved` prints help; anything else that is not a command is bad usage.
	root.Args = usageArgs(cobra.NoArgs)
	root.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	cleanCommandErrors(root)
	return root
}

// usageArgs turns argument errors into usage errors (exit 2).
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	if check == nil {
		check = cobra.NoArgs
	}
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// requireConfig loads the --config file named on a command.
func requireConfig(e *env, path string) (*Config, error) {
	if path == "" {
		return nil, usageErrorf("--config FILE is required")
	}
	return loadConfig(path, e.environ)
}
