// Package ui serves Paved's dashboard pages, its JSON API, the CSV export and the
// Prometheus metrics. It only reads the store: it never calls a forge and never
// writes a fact.
package ui

import (
	"errors"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/prometheus/client_golang/prometheus"
	slogfiber "github.com/samber/slog-fiber"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/scoring"
)

// QuotaInfo is whom a source's collector acts as and its API rate-limit
// budget as last seen.
type QuotaInfo struct {
	// Identity: "GitHub App 123456, installation 7890123" or "token from
	// $GITHUB_TOKEN"; "" when unknown.
	Identity string
	// Unlimited: the forge's answers carry no rate-limit headers (GHES with
	// rate limiting off). Otherwise a Limit of 0 is no answer seen yet.
	Unlimited bool
	Remaining int
	Limit     int
	Reset     time.Time // zero when unknown
}

// seen reports whether the forge has told the quota.
func (q QuotaInfo) seen() bool { return q.Unlimited || q.Limit > 0 }

// Options configure New.
type Options struct {
	DB      *db.DB
	Now     func() time.Time // defaults to time.Now
	Logger  *slog.Logger     // defaults to slog.Default()
	Version string
	// Quota reports the rate-limit budget left per source name; may be nil.
	Quota func() map[string]QuotaInfo
	// Scoring is the model config rescoring uses (cmd/paved builds both from one
	// config file): its SLA days decide which findings the pages, the API, the CSV,
	// /metrics and the digest list as overdue. The zero Config is the model's defaults.
	Scoring scoring.Config
	// Metrics are extra collectors (e.g. the collectors' request counters,
	// paved_collector_requests_total{source}) exposed on /metrics beside the
	// scores.
	Metrics []prometheus.Collector
	// PublicURL is the dashboard's address (config `url`): https makes cookies
	// Secure and adds HSTS; the OIDC redirect URL is PublicURL + /auth/callback.
	PublicURL string
	// AllowedHosts are the host names (no port) the dashboard answers to; any
	// other Host header gets 421, against DNS rebinding. Empty: no check.
	AllowedHosts []string
	// AnyIPHost also admits any IP-literal Host (a listener on 0.0.0.0 or ::);
	// DNS rebinding needs a name.
	AnyIPHost bool
	// Auth turns on sign-in, roles and team scoping; nil serves everyone.
	Auth *AuthOptions
}

// server holds what every handler shares.
type server struct {
	db      *db.DB
	cfg     scoring.Config
	now     func() time.Time
	log     *slog.Logger
	version string
	quota   func() map[string]QuotaInfo
	views   *views
	cache   *cache
	static  map[string]staticFile
	metrics *prometheus.Registry

	publicURL string
	hosts     map[string]bool
	anyIPHost bool
	auth      *AuthOptions // nil without access control
	cookies   *cookieCodec
	oidc      *oidcClient
}

// New builds the app. It parses every template and loads every static file
// first, so a missing or broken view fails startup, not a request.
func New(opts Options) (*fiber.App, error) {
	if opts.DB == nil {
		return nil, errors.New("ui: Options.DB is required")
	}
	s := &server{
		db: opts.DB, cfg: opts.Scoring, now: opts.Now, log: opts.Logger, version: opts.Version, quota: opts.Quota,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.version == "" {
		s.version = "dev"
	}
	var err error
	if s.views, err = parseViews(); err != nil {
		return nil, err
	}
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.metrics, err = newRegistry(opts.Metrics); err != nil {
		return nil, err
	}
	s.cache = newCache(opts.DB)
	if err := s.setupAuth(opts); err != nil {
		return nil, err
	}

	app := fiber.New(fiber.Config{
		AppName:               "paved",
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		BodyLimit:             64 << 10, // nothing is uploaded
	})
	app.Hooks().OnShutdown(func() error { s.cache.commits.Close(); return nil })
	// One line per request; a 404 (a stale link, a scanner probing) at debug level.
	app.Use(slogfiber.NewWithConfig(s.log, slogfiber.Config{
		DefaultLevel: slog.LevelInfo, ClientErrorLevel: slog.LevelWarn, ServerErrorLevel: slog.LevelError,
		Filters: []slogfiber.Filter{slogfiber.IgnoreStatus(fiber.StatusNotFound)},
	}))
	app.Use(slogfiber.NewWithConfig(s.log, slogfiber.Config{
		DefaultLevel: slog.LevelDebug, ClientErrorLevel: slog.LevelDebug, ServerErrorLevel: slog.LevelDebug,
		Filters: []slogfiber.Filter{slogfiber.AcceptStatus(fiber.StatusNotFound)},
	}))
	app.Use(recover.New()) // a panicking handler becomes a 500, not a dead server
	app.Use(s.securityHeaders)
	if len(s.hosts) > 0 {
		app.Use(s.hostGuard)
	}
	if s.auth != nil {
		app.Use(s.authenticate)
	}
	s.routes(app)
	return app, nil
}

func (s *server) routes(app *fiber.App) {
	app.Get("/", s.overviewPage)
	app.Get("/teams", s.teamsPage)
	app.Get("/teams/:slug", s.teamPage)
	app.Get("/repos/:source/*", s.repoPage)
	app.Get("/sync", s.syncPage)
	app.Get("/digest", s.digestPage)
	app.Get("/digest/email", s.digestEmail)

	api := app.Group("/api/v1")
	api.Get("/org", s.apiOrg)
	api.Get("/org/trend", s.apiOrgTrend)
	api.Get("/teams", s.apiTeams)
	api.Get("/teams/:slug", s.apiTeam)
	api.Get("/teams/:slug/trend", s.apiTrend)
	api.Get("/sync", s.apiSync)

	app.Get("/export/teams.csv", s.auditExport, s.exportTeams)
	app.Get("/metrics", s.metricsHandler)
	app.Get("/healthz", s.healthz)
	app.Get("/static/*", s.staticHandler)
	if s.auth != nil {
		app.Get("/login", s.loginPage)
		app.Get("/auth/callback", s.callback)
		app.Get("/logout", s.logoutPage)
		app.Post("/logout", s.logout)
		app.Get("/admin/audit", s.auditPage)
	}
	app.Use(func(c *fiber.Ctx) error { return notFound("there is no page at %s", c.Path()) })
}
