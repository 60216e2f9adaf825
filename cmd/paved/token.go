package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/db"
)

// defaultTokenExpiry is how long a new API token lasts unless --expires says otherwise.
const defaultTokenExpiry = "90d"

func newTokenCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Create, list and revoke API tokens",
		Long: "API tokens authenticate /api/v1/*, /export/* and /metrics with " +
			"'Authorization: Bearer TOKEN'. Only a hash of each token is stored.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newTokenCreateCmd(e), newTokenListCmd(e), newTokenRevokeCmd(e))
	return cmd
}

func newTokenCreateCmd(e *env) *cobra.Command {
	var cfgPath, name, role, expires string
	cmd := &cobra.Command{
		Use:   "create --config FILE --name NAME [--role viewer|security|admin] [--expires 90d]",
		Short: "Create an API token and print it, once",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case name == "":
				return usageErrorf("--name NAME is required")
			case !db.ValidTokenName(name):
				return usageErrorf("--name %q: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit and not with %q", name, db.TokenPrefix)
			case !db.ValidTokenRole(role):
				return usageErrorf("--role %q: must be one of %s", role, strings.Join(db.TokenRoles, ", "))
			}
			var expiresAt time.Time
			if expires != "never" {
				age, err := parseAge(expires)
				if err != nil {
					return usageErrorf("--expires: %w (or never)", err)
				}
				expiresAt = e.now().Add(age)
			}
			cfg, err := requireConfig(e, cfgPath)
			if err != nil {
				return err
			}
			d, err := openDB(cmd.Context(), e, cfg)
			if err != nil {
				return err
			}
			defer d.Close()
			tok, err := d.CreateAPIToken(cmd.Context(), name, role, expiresAt)
			if err != nil {
				return err
			}
			if _, err := fmt.Fprintln(e.stdout, tok); err != nil {
				return err
			}
			until := "does not expire"
			if !expiresAt.IsZero() {
				until = "expires " + formatTokenTime(expiresAt)
			}
			_, err = fmt.Fprintf(e.stderr, "Created API token %q (role %s, %s). It is shown only this once: store it now; Paved keeps only its hash.\n", name, role, until)
			return err
		},
	}
	cmd.Flags().StringVar(&cfgPath, "config", "", "config file (YAML)")
	cmd.Flags().StringVar(&name, "name", "", "token name, unique among tokens not revoked")
	cmd.Flags().StringVar(&role, "role", "viewer", "role: "+strings.Join(db.TokenRoles, ", "))
	cmd.Flags().StringVar(&expires, "expires", defaultTokenExpiry, "lifetime: days (90d), a Go duration (36h) or never")
	return cmd
}

func newTokenListCmd(e *env) *cobra.Command {
	return needsConfig(e, &cobra.Command{
		Use:   "list --config FILE",
		Short: "List API tokens (never the tokens themselves)",
		Args:  usageArgs(cobra.NoArgs),
	}, func(cmd *cobra.Command, cfg *Config, _ []string) error {
		d, err := openDB(cmd.Context(), e, cfg)
		if err != nil {
			return err
		}
		defer d.Close()
		toks, err := d.APITokens(cmd.Context())
		if err != nil {
			return err
		}
		if len(toks) == 0 {
			_, err := fmt.Fprintln(e.stderr, "No API tokens; create one with paved token create.")
			return err
		}
		now := e.now()
		w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "NAME\tROLE\tCREATED\tEXPIRES\tLAST USED\tSTATE")
		for _, t := range toks {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", t.Name, t.Role, formatTokenTime(t.CreatedAt),
				orNever(t.ExpiresAt), orNever(t.LastUsedAt), t.State(now))
		}
		return w.Flush()
	})
}

func newTokenRevokeCmd(e *env) *cobra.Command {
	return needsConfig(e, &cobra.Command{
		Use:   "revoke --config FILE NAME",
		Short: "Revoke an API token: it is refused from now on",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("revoke takes one token NAME, got %d arguments", len(args))
			}
			return nil
		},
	}, func(cmd *cobra.Command, cfg *Config, args []string) error {
		name := args[0]
		d, err := openDB(cmd.Context(), e, cfg)
		if err != nil {
			return err
		}
		defer d.Close()
		if err := d.RevokeAPIToken(cmd.Context(), name); err != nil {
			if errors.Is(err, db.ErrNotFound) {
				return fmt.Errorf("no API token named %q is left to revoke (see paved token list)", name)
			}
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "Revoked API token %q.\n", name)
		return err
	})
}

func formatTokenTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func orNever(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return formatTokenTime(t)
}
