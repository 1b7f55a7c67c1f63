// hclfmt: `terraform fmt -check -recursive` for machines without the Terraform CLI.
//
// It runs hclwrite.Format, the canonical HCL formatter that terraform fmt is built on, over
// every .tf and .tfvars file under the given directory, reports the files whose layout
// differs, and exits 1 if any does (or fails to parse). It does not apply the few extra
// rewrites terraform fmt makes on top (e.g. unwrapping "${var.x}"), so the Terraform CLI
// stays the reference where it is installed.
package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	bad, files := 0, 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !(strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfvars")) {
			return nil
		}
		files++
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if _, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos); diags.HasErrors() {
			fmt.Fprintf(os.Stderr, "%s: %s\n", path, diags.Error())
			bad++
			return nil
		}
		if !bytes.Equal(hclwrite.Format(src), src) {
			fmt.Println(path)
			bad++
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Fprintf(os.Stderr, "hclfmt: %d files, %d not formatted or not parsing\n", files, bad)
	if bad > 0 {
		os.Exit(1)
	}
}
