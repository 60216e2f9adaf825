package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/ui/digest"
)

func newDigestCmd(e *env) *cobra.Command {
	var week, out string
	var send bool
	cmd := needsConfig(e, &cobra.Command{
		Use:   "digest --config FILE [--week YYYY-Www] [--out FILE] [--send]",
		Short: "Render the weekly digest (HTML + text); --send delivers it once per week and channel",
	}, func(cmd *cobra.Command, cfg *Config, _ []string) error {
		var err error
		w := digest.WeekOf(e.now())
		if week != "" {
			if w, err = digest.ParseISOWeek(week); err != nil {
				return usageErrorf("--week %q: %w", week, err)
			}
		}
		var channels []digest.Channel
		if send {
			if channels, err = digestChannels(cfg, e.environ); err != nil {
				return err
			}
		}
		a, err := openApp(cmd.Context(), e, cfg)
		if err != nil {
			return err
		}
		defer a.Close()
		d, err := a.buildDigest(cmd.Context(), w)
		if err != nil {
			return fmt.Errorf("digest %s: %w", w, err)
		}
		if err := writeDigest(e, cfg, d, out, send); err != nil {
			return err
		}
		if send {
			return a.deliverDigest(cmd.Context(), w, d, channels)
		}
		return nil
	})
	cmd.Flags().StringVar(&week, "week", "", "ISO week, e.g. 2026-W47 (default: this week)")
	cmd.Flags().StringVar(&out, "out", "", "write to FILE: .html (default), .txt (plain text) or .eml (the full message)")
	cmd.Flags().BoolVar(&send, "send", false, "deliver to the configured channels")
	return cmd
}

// writeDigest previews the digest: to --out by its extension, else the text to stdout
// (unless only sending).
func writeDigest(e *env, cfg *Config, d *digest.Digest, out string, send bool) error {
	var body []byte
	switch strings.ToLower(filepath.Ext(out)) {
	case "":
		if send {
			return nil
		}
		_, err := fmt.Fprint(e.stdout, digest.RenderText(d))
		return err
	case ".txt":
		body = []byte(digest.RenderText(d))
	case ".eml":
		var buf bytes.Buffer
		s := digest.EmailSender{From: cfg.Digest.Email.From, To: cfg.Digest.Email.To, Now: e.now}
		if s.From == "" {
			s.From = "paved@localhost"
		}
		if err := s.WriteMessage(&buf, d); err != nil {
			return fmt.Errorf("digest: %w", err)
		}
		body = buf.Bytes()
	default:
		html, err := digest.PreviewHTML(d)
		if err != nil {
			return fmt.Errorf("digest: %w", err)
		}
		body = []byte(html)
	}
	if err := os.WriteFile(out, body, 0o644); err != nil {
		return fmt.Errorf("digest --out %s: %w", out, unwrapPathError(err))
	}
	_, err := fmt.Fprintf(e.stdout, "wrote %s\n", out)
	return err
}

// digestChannels builds a sender per configured channel; secrets come from the
// environment and a missing one names its variable.
func digestChannels(cfg *Config, environ map[string]string) ([]digest.Channel, error) {
	var out []digest.Channel
	// With sign-in on, finding details go only to each team's members: the
	// organisation-wide channels (a list, a chat room) get counts, and a team's own
	// recipients its own part with details.
	countsOnly := cfg.Auth != nil && !cfg.Auth.None
	em := cfg.Digest.Email
	if em.SMTP != "" {
		user, err := secretFromEnv("digest.email.username_env", em.UsernameEnv, environ)
		if err != nil {
			return nil, err
		}
		pass, err := secretFromEnv("digest.email.password_env", em.PasswordEnv, environ)
		if err != nil {
			return nil, err
		}
		out = append(out, digest.Channel{Name: "email", CountsOnly: countsOnly, Sender: digest.EmailSender{
			Addr: em.SMTP, TLS: em.TLS, From: em.From, To: em.To, Username: user, Password: pass,
		}})
		for _, slug := range slices.Sorted(maps.Keys(em.Teams)) {
			out = append(out, digest.Channel{Name: "email:" + slug, Team: slug, Sender: digest.EmailSender{
				Addr: em.SMTP, TLS: em.TLS, From: em.From, To: em.Teams[slug], Username: user, Password: pass,
			}})
		}
	}
	for _, w := range []struct{ kind, field, name string }{
		{"slack", "digest.slack_webhook_env", cfg.Digest.SlackWebhookEnv},
		{"teams", "digest.teams_webhook_env", cfg.Digest.TeamsWebhookEnv},
	} {
		url, err := secretFromEnv(w.field, w.name, environ)
		if err != nil {
			return nil, err
		}
		if url != "" {
			out = append(out, digest.Channel{Name: w.kind, CountsOnly: countsOnly, Sender: digest.WebhookSender{URL: url, Kind: w.kind}})
		}
	}
	if len(out) == 0 {
		return nil, usageErrorf("digest --send: no channel configured (digest.email.smtp, digest.slack_webhook_env or digest.teams_webhook_env)")
	}
	return out, nil
}

// deliverDigest sends on every channel not yet served this week and prints a line each.
func (a *app) deliverDigest(ctx context.Context, w digest.ISOWeek, d *digest.Digest, channels []digest.Channel) error {
	results, err := digest.Deliver(ctx, a.db, w, channels, d, a.env.now)
	for _, r := range results {
		line := fmt.Sprintf("digest %s %s: %s", w, r.Channel, r.Outcome)
		if r.Err != nil {
			line += ": " + r.Err.Error()
		}
		fmt.Fprintln(a.env.stdout, line)
	}
	if err != nil {
		return fmt.Errorf("digest %s: %w", w, err)
	}
	return nil
}

// sendDigest is the scheduled digest: this week's, on every configured channel.
func (a *app) sendDigest(ctx context.Context, now time.Time) error {
	channels, err := digestChannels(a.cfg, a.env.environ)
	if err != nil {
		return err
	}
	w := digest.WeekOf(now)
	d, err := a.buildDigest(ctx, w)
	if err != nil {
		return fmt.Errorf("digest %s: %w", w, err)
	}
	return a.deliverDigest(ctx, w, d, channels)
}

// buildDigest builds week's digest from the stored scorecards, with the model config
// rescoring and the dashboard use.
func (a *app) buildDigest(ctx context.Context, w digest.ISOWeek) (*digest.Digest, error) {
	return digest.Build(ctx, a.db, digest.Options{Week: w, Config: a.cfg.scoringConfig(), DashboardURL: a.dashboardURL()})
}

// dashboardURL is where digest links point: the configured url, else the listen address.
func (a *app) dashboardURL() string {
	if a.cfg.URL != "" {
		return a.cfg.URL
	}
	return "http://" + a.cfg.Listen + "/"
}
