package store

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// LogFile is a ChangeLog kept in a file: Append adds a line to a buffer,
// and a goroutine writes the buffer and fsyncs the file every interval.
// A change is thus on disk at most one interval after it was made (and
// acknowledged): a process killed with SIGKILL loses at most the last
// interval's changes, and a machine that loses power the same. Open it
// with OpenLogFile; Close it.
type LogFile struct {
	path string

	mu   sync.Mutex
	buf  []byte
	f    *os.File
	size int64 // bytes in the file
	err  error // the first write or sync error, reported by Sync and Close

	grow     int64  // size past which onGrow is called
	onGrow   func() // in the syncing goroutine
	stop     chan struct{}
	finished chan struct{}
}

// OpenLogFile opens (creating it if needed) the log at path for
// appending, and syncs it every interval (> 0). When the file grows past
// growAt bytes (0: never), onGrow runs in the syncing goroutine, which
// compacts the log (DropBefore) while no other sync runs.
func OpenLogFile(path string, interval time.Duration, growAt int64, onGrow func()) (*LogFile, error) {
	if interval <= 0 {
		return nil, fmt.Errorf("store: log %s: sync interval must be positive, got %s", path, interval)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("store: log: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("store: log: %w", err)
	}
	l := &LogFile{path: path, f: f, size: fi.Size(), grow: growAt, onGrow: onGrow,
		stop: make(chan struct{}), finished: make(chan struct{})}
	go l.run(interval)
	return l, nil
}

// Path returns the file's path.
func (l *LogFile) Path() string { return l.path }

// Append implements ChangeLog: the line is written and synced with the
// next batch.
func (l *LogFile) Append(line []byte) {
	l.mu.Lock()
	l.buf = append(append(l.buf, line...), '\n')
	l.mu.Unlock()
}

func (l *LogFile) run(interval time.Duration) {
	defer close(l.finished)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		size, _ := l.Sync()
		if l.grow > 0 && size > l.grow && l.onGrow != nil {
			l.onGrow()
		}
	}
}

// Sync writes the lines appended so far and fsyncs the file. It returns
// the file's size then: every change made before Sync lies before it.
func (l *LogFile) Sync() (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.size, l.syncLocked()
}

func (l *LogFile) syncLocked() error {
	if l.err != nil {
		return l.err
	}
	if len(l.buf) == 0 {
		return nil
	}
	n, err := l.f.Write(l.buf)
	l.size += int64(n)
	if err == nil {
		err = l.f.Sync()
	}
	l.buf = l.buf[:0]
	if err != nil {
		l.err = fmt.Errorf("store: log %s: %w", l.path, err)
	}
	return l.err
}

// DropBefore removes the first off bytes of the file (what a new export
// holds: compaction), keeping the lines after them. The lines kept are
// copied to a new file, synced and renamed over the log, so that a crash
// leaves the old log or the new one; Appends wait meanwhile.
func (l *LogFile) DropBefore(off int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.syncLocked(); err != nil {
		return err
	}
	src, err := os.Open(l.path)
	if err != nil {
		return fmt.Errorf("store: log: %w", err)
	}
	defer src.Close()
	tmp, err := os.CreateTemp(dirOf(l.path), ".log-compact-*")
	if err != nil {
		return fmt.Errorf("store: log %s: compacting: %w", l.path, err)
	}
	n, err := io.Copy(tmp, io.NewSectionReader(src, off, l.size-off))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), l.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("store: log %s: compacting: %w", l.path, err)
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		l.err = fmt.Errorf("store: log %s: %w", l.path, err)
		return l.err
	}
	l.f.Close()
	l.f, l.size = f, n
	return nil
}

// Close stops syncing in the background, syncs what is left and closes
// the file. It returns the first error the log met.
func (l *LogFile) Close() error {
	close(l.stop)
	<-l.finished
	l.mu.Lock()
	defer l.mu.Unlock()
	err := l.syncLocked()
	if cerr := l.f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return err
}

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if os.IsPathSeparator(path[i]) {
			return path[:i+1]
		}
	}
	return "."
}
