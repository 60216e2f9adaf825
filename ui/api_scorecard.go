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
	return sendRawJSON(c, raw)
}

// apiTeam serves GET /api/v1/teams/{slug}: the team's newest scorecard as stored.
func (s *server) apiTeam(c *fiber.Ctx) error {
	st, err := s.cache.state(c.UserContext())
	if err != nil {
		return err
	}
	t, err := s.requireTeam(st, c.Params("slug"))
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
	return sendRawJSON(c, raw)
}

// requireTeam resolves a slug from the URL or fails with a 404 naming it.
func (s *server) requireTeam(st *state, slug string) (teamRef, error) {
	t, ok, err := st.team(s, slug)
	if err != nil {
		return teamRef{}, err
	}
	if !ok {
		return teamRef{}, notFound("there is no team %q; /teams lists every team", truncate(maxDisplay, slug))
	}
	return t, nil
}

func sendRawJSON(c *fiber.Ctx, body []byte) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(body)
}
