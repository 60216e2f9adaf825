package ui

import "context"

// readDataVersion reads SQLite's data_version on the pinned connection; it
// changes whenever any other connection commits.
func (c *cache) readDataVersion(ctx context.Context) (int64, error) {
	c.verMu.Lock()
	defer c.verMu.Unlock()
	if c.verConn == nil {
		conn, err := c.db.Reader().Conn(ctx)
		if err != nil {
			return 0, err
		}
		stmt, err := conn.PrepareContext(ctx, "PRAGMA data_version")
		if err != nil {
			_ = conn.Close()
			return 0, err
		}
		c.verConn, c.verStmt = conn, stmt
	}
	var dv int64
	if err := c.verStmt.QueryRowContext(ctx).Scan(&dv); err != nil {
		c.closeVersionConn()
		return 0, err
	}
	return dv, nil
}

func (c *cache) closeVersionConn() {
	if c.verConn != nil {
		_ = c.verStmt.Close()
		_ = c.verConn.Close()
		c.verConn, c.verStmt = nil, nil
	}
}

// close hands the pinned connection back to the pool.
func (c *cache) close() {
	c.verMu.Lock()
	defer c.verMu.Unlock()
	c.closeVersionConn()
}
