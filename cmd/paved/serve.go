package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/ui"
)

func newServeCmd(e *env) *cobra.Command {
	var cfgPath string
	cmd := &cobra.Command{
		Use:   "serve --config FILE",
		Short: "Serve the dashboard; collect each source and send the digest on their schedules",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := requireConfig(e, cfgPath)
			if err != nil {
				return err
			}
			// A corrupt file is refused before anything writes to it or serves from it.
			if err := db.QuickCheck(cmd.Context(), cfg.Database); err != nil {
				return fmt.Errorf("refusing to serve: %w; restore the file from a backup, or move it away to start afresh", err)
			}
			a, err := openApp(cmd.Context(), e, cfg)
			if err != nil {
				return err
			}
			defer a.Close()
			// Tokens are checked now so a missing variable fails at start, not at 3 a.m.
			if _, err := a.collectors(""); err != nil {
				return err
			}
			return a.serve(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&cfgPath, "config", "", "config file (YAML)")
	return cmd
}

// shutdownTimeout bounds how long running jobs, in-flight requests and a running
// page may take to finish after SIGINT/SIGTERM.
const shutdownTimeout = 20 * time.Second

// serve runs the dashboard and joins the job queue until ctx ends, then stops
// cleanly: the queue stops fetching jobs, lets running ones finish for half the
// shutdown budget and then cancels them (a page in flight is committed or rolled
// back as a whole; River puts a cancelled job back for the next replica), and
// the web server drains its requests.
func (a *app) serve(ctx context.Context) error {
	web, ln, err := a.startWeb()
	if err != nil {
		return err
	}
	q, runner, err := a.startJobs(ctx)
	if err != nil {
		_ = web.Shutdown()
		return err
	}
	defer q.Close()
	go a.pruneAuditDaily(ctx)
	fmt.Fprintf(a.env.stdout, "Paved is serving on %s://%s/\n", a.scheme(), ln.Addr())

	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	errJobs := runner.Stop(stopCtx)
	errWeb := web.ShutdownWithContext(stopCtx)
	if err := errors.Join(errJobs, errWeb); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	fmt.Fprintln(a.env.stdout, "Paved stopped cleanly")
	return nil
}

// web builds the dashboard over the app's database, with the model config rescoring
// uses, so the pages decide overdue under the same SLA days the scorecards did.
func (a *app) web() (*fiber.App, error) { return a.buildWeb(false) }

// buildWeb builds the dashboard; hostGuard adds the Host allowlist (against DNS
// rebinding), which the listening server always has.
func (a *app) buildWeb(hostGuard bool) (*fiber.App, error) {
	opts, err := a.cfg.uiAccess(a.env.environ)
	if err != nil {
		return nil, err
	}
	if !hostGuard {
		opts.AllowedHosts, opts.AnyIPHost = nil, false
	}
	opts.DB, opts.Now, opts.Logger, opts.Version = a.db, a.env.now, a.env.logger(), version
	opts.Scoring, opts.Metrics, opts.Quota = a.cfg.scoringConfig(), a.metrics.collectors(), a.quota.Snapshot
	opts.Auth = a.withAuthBackends(opts.Auth)
	web, err := ui.New(opts)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	return web, nil
}

// startWeb listens on the configured address and serves the dashboard in the background.
func (a *app) startWeb() (*fiber.App, net.Listener, error) {
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return nil, nil, usageErrorf("listen: %s: %w", a.cfg.Listen, err)
	}
	web, err := a.startWebOn(ln)
	if err != nil {
		ln.Close()
		return nil, nil, err
	}
	return web, ln, nil
}

// startWebOn serves the dashboard on ln in the background, with TLS when configured.
func (a *app) startWebOn(ln net.Listener) (*fiber.App, error) {
	web, err := a.buildWeb(true)
	if err != nil {
		return nil, err
	}
	if t := a.cfg.TLS; t.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			return nil, usageErrorf("tls: %w", err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	}
	go func() {
		if err := web.Listener(ln); err != nil {
			a.env.logger().Error("dashboard stopped", "err", err)
		}
	}()
	return web, nil
}

// serveDemo serves the dashboard on ln without schedules until ctx ends.
func (a *app) serveDemo(ctx context.Context, ln net.Listener) error {
	web, err := a.startWebOn(ln)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.stdout, "Paved demo: open http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	return web.ShutdownWithContext(stopCtx)
}

// digestSchedule is the digest's cron expression when a channel is configured.
func (a *app) digestSchedule() string {
	d := a.cfg.Digest
	if d.Email.SMTP == "" && d.SlackWebhookEnv == "" && d.TeamsWebhookEnv == "" {
		return ""
	}
	return d.Schedule
}

// scheme is https when Paved serves TLS itself.
func (a *app) scheme() string {
	if a.cfg.TLS.CertFile != "" {
		return "https"
	}
	return "http"
}

// withAuthBackends gives the dashboard's access control the database's API-token
// checker and audit log.
func (a *app) withAuthBackends(o *ui.AuthOptions) *ui.AuthOptions {
	if o == nil || a.db == nil {
		return o
	}
	o.Tokens, o.Audit = dbTokens{a.db}, dbAudit{a.db}
	return o
}
