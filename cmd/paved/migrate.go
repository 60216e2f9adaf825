package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newMigrateCmd(e *env) *cobra.Command {
	return needsConfig(e, &cobra.Command{
		Use:   "migrate --config FILE",
		Short: "Create or upgrade the database schema",
	}, func(cmd *cobra.Command, cfg *Config, _ []string) error {
		d, err := openDB(cmd.Context(), e, cfg)
		if err != nil {
			return err
		}
		defer d.Close()
		v, err := d.SchemaVersion(cmd.Context())
		if err != nil {
			return fmt.Errorf("database %s: %w", cfg.Database, err)
		}
		_, err = fmt.Fprintf(e.stdout, "%s: schema version %d\n", cfg.Database, v)
		return err
	})
}
