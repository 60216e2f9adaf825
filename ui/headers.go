package ui

import "github.com/gofiber/fiber/v2"

// contentSecurityPolicy allows no inline script or style: every script and
// stylesheet is an embedded static file, and chart data travels as JSON in
// <script type="application/json"> blocks that are never executed.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

func (s *server) securityHeaders(c *fiber.Ctx) error {
	if s.secure() {
		c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000; includeSubDomains")
	}
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	return c.Next()
}
