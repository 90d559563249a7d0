// Package app is the command line of cchc: it reads flags and environment,
// opens the database and file store, and runs the chosen command.
package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/demo"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/jobs"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/social"
	"github.com/cchc-vn/cchc/internal/speech"
	"github.com/cchc-vn/cchc/internal/ward"
	"github.com/cchc-vn/cchc/internal/web"
)

// Version is set at build time with -ldflags "-X github.com/cchc-vn/cchc/internal/app.Version=v1.2.3".
var Version = ""

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

const usage = `cchc – administrative-reform communication platform for Vietnamese wards

Usage:
  cchc serve [flags]        run the web server (creates and migrates the database)
  cchc migrate [flags]      apply database migrations and load reference data, then exit
  cchc ward add CODE [flags] add a ward (tenant) from the national 2025 list of communes
  cchc ward list [flags]    list the wards of this deployment
  cchc procedures import PATH [--hcmc LIST.csv] [--ward CODE]
                            import national procedure records (a file or a folder), a catalogue
                            (JSON) or an XLSX sheet; nothing is written unless all of it is valid
  cchc procedures export --format json|xlsx [--out FILE] [--ward CODE]
  cchc procedures eval      print search quality (recall@1, recall@3, MRR) on the evaluation set
  cchc report --ward CODE --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.docx [--xlsx FILE.xlsx]
                            write the official report on the CCHC communication plan (Decree 30/2020
                            layout) for the period, and optionally its annex of every activity
  cchc open311 key --ward CODE --name APP
                            create an API key for a partner app filing feedback through Open311
  cchc holidays add --date YYYY-MM-DD --name NAME [--ward CODE]
                            add a day off to the national calendar (or a ward's) used for deadlines
                            in working days; cchc holidays list shows it
  cchc backup --out FILE    copy the SQLite database while the server runs (for PostgreSQL: prints
                            the pg_dump recipe); uploaded files are copied apart
  cchc restore --from FILE --data DIR
                            put a backup in an empty data directory
  cchc version              print the version
  cchc help                 print this help

Common flags (environment variable in brackets):
  --data DIR        data directory for the SQLite database and local files [CCHC_DATA] (default ./data)
  --database URL    postgres://user:pass@host:5432/db; empty for SQLite in --data [CCHC_DATABASE_URL]
  --files URL       s3://KEY:SECRET@host:port/bucket?tls=false for S3-compatible storage;
                    empty for --data/files [CCHC_FILES_URL]

serve flags:
  --addr ADDR       listen address [CCHC_ADDR] (default :8080)
  --ward CODE       ward served when no ward claims the request's host name [CCHC_WARD]
                    (default: the first ward)
  --demo            load demonstration accounts (one per role) and sample progress
  --tls-proxy       trust X-Forwarded-Proto/-For from a TLS-terminating proxy [CCHC_TLS_PROXY=1]
  --smtp URL        mail reminders and notices through smtp://user:pass@host:587?from=ADDRESS
                    (smtps:// for port 465; &insecure=1 only for a local relay) [CCHC_SMTP_URL]
  --text URL        send one-time codes, feedback steps, contest results and reminders to phones:
                    console (the log), zns://?access_token=TOKEN&otp=ID[&feedback=ID][&contest_result=ID]
                    [&reminder=ID] for Zalo ZNS, ID being each approved template's (or app_id=…&secret_key=…
                    &refresh_token=… in place of access_token, refreshed before it expires),
                    esms://?api_key=…&secret_key=…&brandname=… for brand-name SMS, or several joined
                    by | tried in turn while one cannot reach the number [CCHC_TEXT_URL] (default console)
  --tts ENGINE      read loudspeaker bulletins aloud: espeak-ng (offline, the default),
                    fpt://?api_key=KEY&voice=banmai, viettel://?token=TOKEN&voice=hcm-diemmy or
                    zalo://?api_key=KEY&speaker_id=1 [CCHC_TTS_URL]
  --pow-bits N      proof-of-work difficulty of the public forms [CCHC_POW_BITS] (default 14)
  --base-url URL    address used in e-mailed links when a ward has no host name [CCHC_BASE_URL]
                    (default http://localhost:8080)

ward add flags:
  --host NAME       host name that serves this ward, e.g. phudinh.example.gov.vn
  --khu-pho N       create N neighbourhoods (khu phố) and the standard ward units

CCHC_SECRET_KEY (any long random string, the same on every server) encrypts the wards'
Facebook and Zalo tokens at rest; without it they are stored as typed.
CCHC_SQLITE_SYNC=full puts every SQLite commit on the disk before it is acknowledged (the
default, normal, may lose the last commits in a power cut; it costs 2× on feedback intake and
6× on contest answers on this project's test machine: see docs/OPERATIONS.md).

The initial password of each ward's user "admin" is CCHC_ADMIN_PASSWORD when set,
otherwise a random one printed once when the ward is created.
`

// Main runs the command line and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) < 1 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(args[1:], stdout, stderr)
	case "migrate":
		err = migrate(args[1:], stdout, stderr)
	case "ward":
		err = wardCmd(args[1:], stdout, stderr)
	case "procedures":
		err = proceduresCmd(args[1:], stdout, stderr)
	case "report":
		err = reportCmd(args[1:], stdout, stderr)
	case "open311":
		err = open311Cmd(args[1:], stdout, stderr)
	case "holidays":
		err = holidaysCmd(args[1:], stdout, stderr)
	case "backup":
		err = backupCmd(args[1:], stdout, stderr)
	case "restore":
		err = restoreCmd(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "cchc", version())
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "cchc: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "cchc:", err)
		return 1
	}
	return 0
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

type common struct {
	data, database, files string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.data, "data", env("CCHC_DATA", "./data"), "data directory")
	fs.StringVar(&c.database, "database", env("CCHC_DATABASE_URL", ""), "PostgreSQL URL; empty for SQLite")
	fs.StringVar(&c.files, "files", env("CCHC_FILES_URL", ""), "S3 URL; empty for local files")
}

// open connects, migrates and loads the reference data; every command needs it.
func (c *common) open(ctx context.Context, out io.Writer) (*db.DB, error) {
	d, err := db.Open(ctx, c.database, c.data)
	if err != nil {
		return nil, err
	}
	applied, err := d.Migrate(ctx)
	if err != nil {
		d.Close()
		return nil, err
	}
	if len(applied) > 0 {
		fmt.Fprintf(out, "Applied %d migration(s) on %s: %s\n", len(applied), d.Engine(), strings.Join(applied, ", "))
	}
	loaded, err := seed.Load(ctx, d)
	if err != nil {
		d.Close()
		return nil, err
	}
	for _, code := range loaded {
		fmt.Fprintf(out, "Loaded reference data for ward %s (units, khu phố, plans).\n", code)
	}
	if err := ensureAdmins(ctx, d, out); err != nil {
		d.Close()
		return nil, err
	}
	wards, err := ward.List(ctx, d)
	if err != nil {
		d.Close()
		return nil, err
	}
	for _, w := range wards {
		if err := news.EnsureColumns(ctx, d, w.ID); err != nil {
			d.Close()
			return nil, err
		}
	}
	return d, nil
}

// ensureAdmins gives every ward without one an "admin" account.
func ensureAdmins(ctx context.Context, d *db.DB, out io.Writer) error {
	wards, err := ward.List(ctx, d)
	if err != nil {
		return err
	}
	for _, w := range wards {
		pw, fromEnv := os.Getenv("CCHC_ADMIN_PASSWORD"), true
		if pw == "" {
			pw, fromEnv = account.RandomPassword(), false
		}
		created, err := account.EnsureAdmin(ctx, d, w.ID, pw)
		var ce check.Errors
		if errors.As(err, &ce) && fromEnv {
			return fmt.Errorf("create admin of ward %s: CCHC_ADMIN_PASSWORD must have 10 to 200 characters", w.Code)
		}
		if err != nil {
			return fmt.Errorf("create admin of ward %s: %w", w.Code, err)
		}
		switch {
		case !created:
		case fromEnv:
			fmt.Fprintf(out, "Created user admin for ward %s with the password from CCHC_ADMIN_PASSWORD.\n", w.Code)
		default:
			fmt.Fprintf(out, "Created user admin for ward %s. Initial password (shown once): %s\n", w.Code, pw)
		}
	}
	return nil
}

func migrate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c common
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := c.open(context.Background(), stdout)
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Fprintln(stdout, "Database is up to date.")
	return nil
}

func serve(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c common
	c.register(fs)
	addr := fs.String("addr", env("CCHC_ADDR", ":8080"), "listen address")
	wardCode := fs.String("ward", env("CCHC_WARD", ""), "default ward code")
	withDemo := fs.Bool("demo", false, "load demonstration data")
	tlsProxy := fs.Bool("tls-proxy", env("CCHC_TLS_PROXY", "") == "1", "behind a TLS-terminating proxy")
	smtpURL := fs.String("smtp", env("CCHC_SMTP_URL", ""), "SMTP server for e-mail")
	baseURL := fs.String("base-url", env("CCHC_BASE_URL", "http://localhost:8080"), "address in e-mailed links")
	powBits := fs.Int("pow-bits", envInt("CCHC_POW_BITS", 14), "proof-of-work difficulty")
	textURL := fs.String("text", env("CCHC_TEXT_URL", "console"), "text messages: console, zns://…, esms://… or several joined by |")
	ttsURL := fs.String("tts", env("CCHC_TTS_URL", "espeak-ng"), "text-to-speech: espeak-ng, fpt://, viettel:// or zalo://")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var mailer notice.Mailer
	if *smtpURL != "" {
		m, err := notice.ParseSMTP(*smtpURL)
		if err != nil {
			return fmt.Errorf("--smtp: %w", err)
		}
		mailer = m
	}
	// Request logs go through a buffer flushed every 200 ms (and at exit):
	// a write system call per request would cost more than serving a page.
	logs := newFlushWriter(stderr, 200*time.Millisecond)
	defer logs.Close()
	log := slog.New(slog.NewJSONHandler(logs, nil))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	start := time.Now()
	d, err := c.open(ctx, stdout)
	if err != nil {
		return err
	}
	defer d.Close()
	if *wardCode == "" {
		wards, err := ward.List(ctx, d)
		if err != nil {
			return err
		}
		if len(wards) == 0 {
			return errors.New("no ward in the database: add one with 'cchc ward add CODE'")
		}
		*wardCode = wards[0].Code
	} else if _, err := ward.ByCode(ctx, d, *wardCode); err != nil {
		return fmt.Errorf("--ward %s: not in the database: add it with 'cchc ward add %s'", *wardCode, *wardCode)
	}
	files, err := filestore.Open(c.files, c.data)
	if err != nil {
		return err
	}
	if *withDemo {
		loaded, err := demo.Load(ctx, d, files, *wardCode, demo.Full)
		if err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
		if loaded {
			fmt.Fprintln(stdout, "Loaded demonstration accounts and sample progress.")
		}
		fmt.Fprintf(stdout, "Demonstration accounts of ward %s (password %q for all):\n", *wardCode, demo.Password)
		for _, a := range demo.Accounts {
			fmt.Fprintf(stdout, "  %-10s %s\n", a.Username, account.RoleName(a.Role))
		}
	}
	texter, err := notice.ParseTexter(*textURL, log)
	if err != nil {
		return fmt.Errorf("--text: %w", err)
	}
	notice.KeepTokens(texter, d) // rotated Zalo tokens are shared by every node and survive a restart
	// What a text costs by provider, in đồng (a ward's figures; the
	// provider's price list is the truth): CCHC_TEXT_PRICES=zns:300,esms:750.
	textPrices, err := notice.ParsePrices(env("CCHC_TEXT_PRICES", "zns:300,esms:750"))
	if err != nil {
		return fmt.Errorf("CCHC_TEXT_PRICES: %w", err)
	}
	engine, err := speech.ParseEngine(*ttsURL)
	if err != nil {
		return fmt.Errorf("--tts: %w", err)
	}
	srv, err := web.New(web.Config{DB: d, Files: files, Log: log, DefaultWard: *wardCode, TLSProxy: *tlsProxy, Version: version(), PoWBits: *powBits,
		Secret: os.Getenv("CCHC_SECRET_KEY"), Texter: texter, Speech: engine})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	jobs.Start(ctx, jobs.Config{DB: d, Mailer: mailer, Texter: texter, Prices: textPrices, Sealer: social.NewSealer(os.Getenv("CCHC_SECRET_KEY")), BaseURL: *baseURL, Log: log,
		Posters: map[string]social.Poster{
			social.Facebook: social.FacebookPages{Base: env("CCHC_FACEBOOK_API", "")},
			social.Zalo:     social.ZaloOA{Base: env("CCHC_ZALO_API", "")},
		}})
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "cchc %s serving ward %s on http://%s (%s database) – ready in %d ms\n",
		version(), *wardCode, displayAddr(ln.Addr()), d.Engine(), time.Since(start).Milliseconds())
	log.Info("serving", "addr", ln.Addr().String(), "engine", string(d.Engine()), "ward", *wardCode)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Drain: stop accepting, let in-flight requests finish.
	log.Info("shutting down: draining in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped cleanly")
	return nil
}

func displayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") {
		return "localhost:" + strings.TrimPrefix(s, "[::]:")
	}
	if strings.HasPrefix(s, "0.0.0.0:") {
		return "localhost:" + strings.TrimPrefix(s, "0.0.0.0:")
	}
	return s
}

// flushWriter buffers writes and flushes them on a timer, when the buffer
// fills, and on Close.
type flushWriter struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

func newFlushWriter(w io.Writer, every time.Duration) *flushWriter {
	f := &flushWriter{w: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				f.mu.Lock()
				f.w.Flush()
				f.mu.Unlock()
			case <-f.stop:
				return
			}
		}
	}()
	return f
}

func (f *flushWriter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.w.Write(p)
}

// Close stops the timer and flushes what is buffered.
func (f *flushWriter) Close() error {
	close(f.stop)
	<-f.done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.w.Flush()
}

// backupCmd copies the SQLite database while the server runs, or says how
// PostgreSQL is backed up.
func backupCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c common
	c.register(fs)
	out := fs.String("out", "", "the backup file to write (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	d, err := db.Open(ctx, c.database, c.data)
	if err != nil {
		return err
	}
	defer d.Close()
	if d.Engine() == db.Postgres {
		fmt.Fprint(stdout, db.PgDumpRecipe)
		return nil
	}
	if *out == "" {
		return errors.New("backup: --out FILE is required")
	}
	start := time.Now()
	if err := d.Backup(ctx, *out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	st, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up the database to %s (%d bytes) in %s.\n", *out, st.Size(), time.Since(start).Round(time.Millisecond))
	if c.files == "" {
		fmt.Fprintf(stdout, "Uploaded files are not in it: copy %s too (files are only added, never changed: rsync -a is enough).\n", filepath.Join(c.data, "files"))
	} else {
		fmt.Fprintln(stdout, "Uploaded files are in the object store: back its bucket up with the store's own tools (versioning or a replica).")
	}
	return nil
}

// restoreCmd puts a backup in an empty data directory.
func restoreCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", env("CCHC_DATA", "./data"), "the empty data directory to restore into")
	from := fs.String("from", "", "the backup file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return errors.New("restore: --from FILE is required")
	}
	if err := db.Restore(context.Background(), *from, *data); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(stdout, "Restored %s into %s. Start the server with --data %s; it applies any newer migrations.\n", *from, *data, *data)
	return nil
}
