package main

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/collectors/githubsrc"
	"github.com/paved-dev/paved/collectors/gitlabsrc"
	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/model"
)

// app wires a loaded config to the database and the collectors, apart from flag
// parsing so end-to-end tests can drive it directly.
type app struct {
	env *env
	cfg *Config
	db  *db.DB
	// httpClient, when set, is the transport every collector uses (tests, demo).
	httpClient *http.Client
	metrics    *collectorMetrics
	quota      *quotaTracker
	// rescoreMu makes rescorings take turns: sources are collected at once,
	// and two rescorings must not interleave their writes.
	rescoreMu sync.Mutex
}

func openApp(ctx context.Context, e *env, cfg *Config) (*app, error) {
	d, err := openDB(ctx, e, cfg)
	if err != nil {
		return nil, err
	}
	for _, s := range cfg.Sources {
		if err := d.UpsertSource(ctx, s.Name, s.Kind, s.BaseURL, s.Org); err != nil {
			d.Close()
			return nil, fmt.Errorf("database %s: %w", cfg.Database, err)
		}
	}
	return &app{env: e, cfg: cfg, db: d, metrics: newCollectorMetrics(), quota: newQuotaTracker()}, nil
}

func (a *app) Close() error { return a.db.Close() }

// slaDays is the configured SLA with the model's defaults filled in.
func slaDays(cfg *Config) model.SLADays {
	s := model.DefaultSLADays
	if v := cfg.SLADays.Critical; v > 0 {
		s.Critical = v
	}
	if v := cfg.SLADays.High; v > 0 {
		s.High = v
	}
	if v := cfg.SLADays.Medium; v > 0 {
		s.Medium = v
	}
	if v := cfg.SLADays.Low; v > 0 {
		s.Low = v
	}
	return s
}

// collectors builds the collector of every source, or only of the named one, each
// reporting whom it acts as and its forge's rate-limit budget to the quota tracker.
func (a *app) collectors(only string) (map[string]collectors.Collector, error) {
	cs, err := buildCollectors(a.env, a.cfg, only, func(source string) *http.Client {
		return a.quota.client(source, a.httpClient)
	})
	if err != nil {
		return nil, err
	}
	for _, s := range a.cfg.Sources {
		if c, ok := cs[s.Name]; ok {
			a.quota.register(s.Name, s.Kind == model.ForgeGitHub, identityOf(s, c))
		}
	}
	return cs, nil
}

// buildCollectors resolves each source's token and builds its collector. It needs
// no database, so bad tokens and sources fail before anything is written.
func buildCollectors(e *env, cfg *Config, only string, client func(source string) *http.Client) (map[string]collectors.Collector, error) {
	out := map[string]collectors.Collector{}
	for _, s := range cfg.Sources {
		if only != "" && s.Name != only {
			continue
		}
		tok := ""
		if !s.App.set() {
			var err error
			if tok, err = sourceToken(s, e.environ); err != nil {
				return nil, err
			}
		}
		sc := collectors.SourceConfig{
			Name: s.Name, Kind: s.Kind, BaseURL: s.BaseURL, AllowInsecureHTTP: s.AllowInsecureHTTP, Token: tok, Org: s.Org,
			App: s.gitHubApp(), SLADays: slaDays(cfg), RepoTimeout: s.repoTimeout, PassTimeout: s.passTimeout,
			Production: cfg.scoringConfig().ProductionPattern,
		}
		sc.QuotaShare, sc.HistoryWeeks = s.depth()
		if client != nil {
			sc.HTTPClient = client(s.Name)
		}
		c, err := newCollector(sc, e)
		if err != nil {
			return nil, usageErrorf("source %q: %w", s.Name, err)
		}
		out[s.Name] = c
	}
	if only != "" && len(out) == 0 {
		return nil, usageErrorf("--source %q: no such source in %s", only, cfg.path)
	}
	return out, nil
}

func newCollector(sc collectors.SourceConfig, e *env) (collectors.Collector, error) {
	log := e.logger()
	switch sc.Kind {
	case model.ForgeGitHub:
		c, err := githubsrc.New(sc)
		if err != nil {
			return nil, err
		}
		c.Logger = log.With("source", sc.Name)
		if e.forgeClock != nil {
			c.Clock = e.forgeClock
		}
		return c, nil
	case model.ForgeGitLab:
		c, err := gitlabsrc.New(sc)
		if err != nil {
			return nil, err
		}
		c.Logger = log.With("source", sc.Name)
		return c, nil
	default:
		return nil, fmt.Errorf("the %s collector is not available yet", sc.Kind)
	}
}
