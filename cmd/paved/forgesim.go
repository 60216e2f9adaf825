package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/fixtures/githubsim"
	"github.com/paved-dev/paved/fixtures/simorg"
)

func newForgeSimCmd(e *env) *cobra.Command {
	var addr, scale, token string
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
			sim := githubsim.New(org, githubsim.Options{Token: token, Now: e.now})
			url, stop, err := githubsim.Start(cmd.Context(), addr, sim)
			if err != nil {
				return fmt.Errorf("forge-sim: %w", err)
			}
			defer stop()
			fmt.Fprintf(e.stdout, "github: %s (org %s, token %q)\n", url, org.GitHubOrg, token)
			<-cmd.Context().Done()
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:0", "listen address")
	cmd.Flags().Int64Var(&seed, "seed", 1, "organisation seed")
	cmd.Flags().StringVar(&scale, "scale", "small", "small or large")
	cmd.Flags().StringVar(&token, "token", "sim-token", "the token the simulator accepts")
	return cmd
}
