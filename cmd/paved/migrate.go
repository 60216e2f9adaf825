package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newMigrateCmd(e *env) *cobra.Command {
	return needsConfig(e, &cobra.Command{
		Use:   "migrate --config FILE",
		Short: "Create or upgrade the database schema and the job queue's tables",
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
		q, queueVersion, err := openQueue(cmd.Context(), cfg)
		if err != nil {
			return err
		}
		defer q.Close()
		_, err = fmt.Fprintf(e.stdout, "%s: schema version %d, job queue version %d\n", cfg.Database, v, queueVersion)
		return err
	})
}
