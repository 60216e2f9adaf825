package ui

import "github.com/gofiber/fiber/v2"

type digestPage struct {
	layout
}

// digestPage holds the /digest route until the weekly digest exists.
func (s *server) digestPage(c *fiber.Ctx) error {
	page := digestPage{layout: s.layoutFor("Weekly digest", "digest")}
	return s.render(c, "digest", &page)
}
