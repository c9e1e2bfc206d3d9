package main

import (
	"flag"
	"fmt"
	"strings"
)

// envName is the environment variable a flag can also come from:
// MOCKSERVER_ and the flag's name in upper case with '-' as '_'
// (--max-body: MOCKSERVER_MAX_BODY).
func envName(flagName string) string {
	return "MOCKSERVER_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// fromEnv says whether a flag can come from the environment: not
// --version, as a MOCKSERVER_VERSION set for other reasons (a build
// argument, an image label) would stop every start.
func fromEnv(flagName string) bool { return flagName != "version" }

// applyEnv sets each flag the command line did not set from its
// environment variable, when that is set and not empty (compose files
// often declare a variable empty to mean unset).
func applyEnv(fs *flag.FlagSet, env func(string) (string, bool)) error {
	if env == nil {
		return nil
	}
	onCommandLine := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { onCommandLine[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil || onCommandLine[f.Name] || !fromEnv(f.Name) {
			return
		}
		v, ok := env(envName(f.Name))
		if !ok || v == "" {
			return
		}
		if e := fs.Set(f.Name, v); e != nil {
			err = fmt.Errorf("%s=%q (--%s): %s", envName(f.Name), v, f.Name, wantOf(f, e.Error()))
		}
	})
	return err
}
