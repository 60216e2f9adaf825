package ui

import (
	"github.com/gofiber/fiber/v2"
)

// healthz answers 200 "ok" when the database answers a query.
func (s *server) healthz(c *fiber.Ctx) error {
	if err := s.db.Ping(c.UserContext()); err != nil {
		s.log.WarnContext(c.UserContext(), "health check failed", "err", err)
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unavailable")
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.SendString("ok")
}
