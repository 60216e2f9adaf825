package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/fixtures/simorg"
)

func newForgeSimCmd(e *env) *cobra.Command {
	var addr, glAddr, scale, token string
	var seed int64
	cmd := &cobra.Command{
		Use:   "forge-sim [--addr 127.0.0.1:0] [--seed N] [--scale small|large]",
		Short: "Run only the simulated GitHub and GitLab APIs",
		RunE: func(cmd *cobra.Command, _ []string) error {
			sc := simorg.Scale(scale)
			if sc != simorg.ScaleSmall && sc != simorg.ScaleLarge {
				return usageErrorf("--scale %q: must be small or large", scale)
			}
			org := simorg.Generate(seed, sc, e.now().UTC().Truncate(time.Hour))
			_, _, stop, err := startSims(cmd.Context(), e, org, addr, glAddr, token)
			if err != nil {
				return fmt.Errorf("forge-sim: %w", err)
			}
			defer stop()
			fmt.Fprintf(e.stdout, "both accept the token %q (Authorization: Bearer, or GitLab's PRIVATE-TOKEN)\n", token)
			<-cmd.Context().Done()
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:0", "listen address of the simulated GitHub API")
	cmd.Flags().StringVar(&glAddr, "gitlab-addr", "127.0.0.1:0", "listen address of the simulated GitLab API")
	cmd.Flags().Int64Var(&seed, "seed", 1, "organisation seed")
	cmd.Flags().StringVar(&scale, "scale", "small", "small or large")
	cmd.Flags().StringVar(&token, "token", "sim-token", "the token the simulator accepts")
	return cmd
}
