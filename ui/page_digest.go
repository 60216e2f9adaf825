package ui

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/ui/digest"
)

type digestPage struct {
	layout
	Week  string
	AsOf  time.Time // zero before the first scorecard
	Since time.Time // zero without a scorecard 7 days earlier
	Text  string
	// DetailsLimited: other teams' overdue findings are left out.
	DetailsLimited bool
}

// digestFor builds this week's digest, with links to the dashboard as it is reached:
// at the current scorecard's as_of, the one every page shows, under the same config.
func (s *server) digestFor(c *fiber.Ctx) (*digest.Digest, error) {
	d, err := digest.Build(c.UserContext(), s.db, digest.Options{Week: digest.WeekOf(s.now()), Config: s.cfg, DashboardURL: c.BaseURL() + "/"})
	if err != nil {
		return nil, err
	}
	if scope := s.detailsFor(c); !scope.all {
		st, err := s.cache.state(c.UserContext())
		if err != nil {
			return nil, err
		}
		visible, err := scope.repos(st)
		if err != nil {
			return nil, err
		}
		redactDigest(d, scope, visible)
	}
	return d, nil
}

// digestPage shows the latest digest as it would be sent: the email in a sandboxed
// frame, and its plain-text version, which reads without the frame or JavaScript.
func (s *server) digestPage(c *fiber.Ctx) error {
	d, err := s.digestFor(c)
	if err != nil {
		return err
	}
	page := digestPage{layout: s.layoutFor("Weekly digest", "digest"), Week: d.Week.String(), AsOf: d.AsOf, Since: d.PrevAsOf,
		Text: digest.RenderText(d), DetailsLimited: !s.detailsFor(c).all}
	return s.render(c, "digest", &page)
}

// emailPolicy lets the digest email keep its inline styles (email clients need
// them) while still running no script at all; only this page may be framed, and
// only by the dashboard itself.
const emailPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// digestEmail serves the digest's HTML email, with its charts inlined.
func (s *server) digestEmail(c *fiber.Ctx) error {
	d, err := s.digestFor(c)
	if err != nil {
		return err
	}
	html, err := digest.PreviewHTML(d)
	if err != nil {
		return err
	}
	c.Set("Content-Security-Policy", emailPolicy)
	c.Set("X-Frame-Options", "SAMEORIGIN")
	return sendHTML(c, []byte(html))
}
