package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// httpError is an error a visitor should read: its message is shown as is.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func notFound(format string, args ...any) error {
	return &httpError{fiber.StatusNotFound, fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) error {
	return &httpError{fiber.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// handleError is the one place where an error becomes a status code and a
// message: JSON for the API and exports, an HTML page otherwise. Unexpected
// errors are logged and shown only as a generic sentence.
func (s *server) handleError(c *fiber.Ctx, err error) error {
	status, msg := fiber.StatusInternalServerError, "something went wrong on our side; the server log has the details"
	var he *httpError
	var fe *fiber.Error
	switch {
	case errors.As(err, &he):
		status, msg = he.status, he.msg
	case errors.As(err, &fe):
		status, msg = fe.Code, fe.Message
	default:
		s.log.ErrorContext(c.UserContext(), "request failed", "path", c.Path(), "err", err)
	}
	c.Status(status)
	if wantsJSON(c) {
		return c.JSON(fiber.Map{"error": msg})
	}
	if s.views == nil {
		return c.SendString(msg)
	}
	page := errorPage{Status: status, Message: msg}
	page.layout = s.layoutFor("Error", "")
	if rerr := s.render(c, "error", &page); rerr != nil {
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.SendString(msg)
	}
	return nil
}

func wantsJSON(c *fiber.Ctx) bool {
	p := c.Path()
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/export/") || p == "/metrics" || p == "/healthz"
}

type errorPage struct {
	layout
	Status  int
	Message string
}
