package ui

import "github.com/gofiber/fiber/v2"

const auditShown = 200

type auditPage struct {
	layout
	Events    []AuditEvent
	Available bool
}

// auditPage lists recent audit events, to admins only (checked by authenticate);
// opening it is itself recorded.
func (s *server) auditPage(c *fiber.Ctx) error {
	id := identityOf(c)
	if id == nil || id.Role != RoleAdmin {
		return &httpError{fiber.StatusForbidden, "only admins may open the audit log"}
	}
	s.audit(c, AuditEvent{Actor: id.User, Action: AuditAdminView, Target: c.Path(), Outcome: "ok"})
	page := auditPage{layout: s.layoutFor("Audit log", "audit")}
	if s.auth.Audit != nil {
		events, err := s.auth.Audit.Recent(c.UserContext(), auditShown)
		if err != nil {
			return err
		}
		page.Events, page.Available = events, true
	}
	return s.render(c, "audit", &page)
}
