package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/db"
)

// needsConfig gives cmd the --config flag, and runs it with the file the flag
// names loaded.
func needsConfig(e *env, cmd *cobra.Command, run func(cmd *cobra.Command, cfg *Config, args []string) error) *cobra.Command {
	var path string
	cmd.Flags().StringVar(&path, "config", "", "config file (YAML)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		cfg, err := requireConfig(e, path)
		if err != nil {
			return err
		}
		return run(cmd, cfg, args)
	}
	return cmd
}

// openDB opens cfg's database, migrating it.
func openDB(ctx context.Context, e *env, cfg *Config) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.Database, db.WithNow(e.now), db.WithPassword(cfg.databasePassword))
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", cfg.Database, err)
	}
	return d, nil
}
