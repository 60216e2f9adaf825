package ui

import "github.com/gofiber/fiber/v2"

// apiSync serves GET /api/v1/sync; syncJSON documents the shape.
func (s *server) apiSync(c *fiber.Ctx) error {
	out, err := s.syncStatus(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(out)
}
