package ui

import (
	"github.com/gofiber/fiber/v2"
)

// apiOrg serves GET /api/v1/org: the organisation's newest scorecard, byte for
// byte as stored.
func (s *server) apiOrg(c *fiber.Ctx) error {
	st, err := s.cache.state(c.UserContext())
	if err != nil {
		return err
	}
	_, raw, err := st.card(scopeOrg)
	if err != nil {
		return err
	}
	if raw == nil {
		return notFound("no scorecard yet: the organisation is scored after the first collection (paved collect, or paved score)")
	}
	visible, err := s.detailsFor(c).repos(st)
	if err != nil {
		return err
	}
	if raw, err = redactScorecard(raw, visible); err != nil {
		return err
	}
	return sendRawJSON(c, raw)
}

// apiTeam serves GET /api/v1/teams/{slug}: the team's newest scorecard as stored.
func (s *server) apiTeam(c *fiber.Ctx) error {
	st, t, err := s.requireTeam(c)
	if err != nil {
		return err
	}
	_, raw, err := st.card(t.Slug)
	if err != nil {
		return err
	}
	if raw == nil {
		return notFound("team %q has no scorecard yet: it is scored at the next rescore", t.Slug)
	}
	if !s.detailsFor(c).team(t.Slug) {
		if raw, err = redactScorecard(raw, map[string]bool{}); err != nil {
			return err
		}
	}
	return sendRawJSON(c, raw)
}

// requireTeam resolves the slug in the URL against the current state or fails
// with a 404 naming it.
func (s *server) requireTeam(c *fiber.Ctx) (*state, teamRef, error) {
	st, err := s.cache.state(c.UserContext())
	if err != nil {
		return nil, teamRef{}, err
	}
	slug := c.Params("slug")
	t, ok, err := st.team(s, slug)
	if err != nil {
		return nil, teamRef{}, err
	}
	if !ok {
		return nil, teamRef{}, notFound("there is no team %q; /teams lists every team", truncate(maxDisplay, slug))
	}
	return st, t, nil
}

func sendRawJSON(c *fiber.Ctx, body []byte) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(body)
}
