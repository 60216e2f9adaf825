package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/db"
)

func newMigrateCmd(e *env) *cobra.Command {
	var cfgPath string
	cmd := &cobra.Command{
		Use:   "migrate --config FILE",
		Short: "Create or upgrade the database schema",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := requireConfig(e, cfgPath)
			if err != nil {
				return err
			}
			d, err := db.Open(cmd.Context(), cfg.Database, db.WithNow(e.now))
			if err != nil {
				return fmt.Errorf("database %s: %w", cfg.Database, err)
			}
			defer d.Close()
			v, err := d.SchemaVersion(cmd.Context())
			if err != nil {
				return fmt.Errorf("database %s: %w", cfg.Database, err)
			}
			_, err = fmt.Fprintf(e.stdout, "%s: schema version %d\n", cfg.Database, v)
			return err
		},
	}
	cmd.Flags().StringVar(&cfgPath, "config", "", "config file (YAML)")
	return cmd
}
