//! The quick starts (`docs/quickstart-*.md`) as written: every `tao` command of their `bash`
//! blocks runs, in order, against a fresh dev node (with the variables the page sets), and must
//! succeed. Other commands (cargo, cast, the node itself, a browser) are left to the page's
//! reader and to their own tests.

use crate::helpers::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The shell words of one command line: whitespace-separated, `"…"` and `'…'` quoted, `#`
/// comments dropped, `$NAME` / `${NAME}` expanded from `vars` (others kept as written).
fn words(line: &str, vars: &BTreeMap<String, String>) -> Vec<String> {
    let (mut out, mut cur, mut quote, mut any) = (Vec::new(), String::new(), None, false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '#') if cur.is_empty() && !any => break,
            (None, '"' | '\'') => (quote, any) = (Some(c), true),
            (Some(q), c) if c == q => quote = None,
            (q, '$') if q != Some('\'') => {
                let braced = chars.peek() == Some(&'{');
                if braced {
                    chars.next();
                }
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if braced {
                    chars.next();
                }
                // Variables the page does not set (`$PWD`, `$(…)`) stay as written.
                match vars.get(&name) {
                    Some(value) => cur.push_str(value),
                    None => {
                        cur.push('$');
                        cur.push_str(&name);
                    }
                }
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (_, c) => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// Runs the `tao` lines of one quick start; returns how many ran.
async fn run_page(name: &str) -> usize {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("docs").join(name)).expect("quick start");
    let env = env().await;
    let mut vars = BTreeMap::new();
    let mut ran = 0;
    let mut in_bash = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_bash = t == "```bash";
            continue;
        }
        if !in_bash {
            continue;
        }
        let w = words(t, &vars);
        let Some(first) = w.first() else { continue };
        // `export A=1 B=2` and `A=1` set variables (the node's URL is the test node's).
        let assigns: Vec<&String> =
            if first == "export" { w[1..].iter().collect() } else { vec![first] };
        if assigns.iter().all(|a| a.contains('=')) && (first == "export" || w.len() == 1) {
            for a in assigns {
                let (k, v) = a.split_once('=').unwrap_or_default();
                let v = if k == "TAO_RPC" { env.url.clone() } else { v.to_owned() };
                vars.insert(k.to_owned(), v);
            }
            continue;
        }
        if first != "tao" {
            continue;
        }
        let envs: Vec<(String, String)> = vars
            .iter()
            .filter(|(k, _)| k.starts_with("TAO_"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let out = env.raw_in(&root, w[1..].to_vec(), envs).await;
        assert_eq!(
            out.code, 0,
            "{name}: `{t}` failed:\nstdout:\n{}\nstderr:\n{}",
            out.stdout, out.stderr
        );
        ran += 1;
    }
    ran
}

#[tokio::test(flavor = "multi_thread")]
async fn defi_quick_start() {
    assert_eq!(run_page("quickstart-defi.md").await, 8);
}

#[tokio::test(flavor = "multi_thread")]
async fn metamask_quick_start() {
    assert_eq!(run_page("quickstart-metamask.md").await, 5);
}

#[tokio::test(flavor = "multi_thread")]
async fn subnet_quick_start() {
    assert_eq!(run_page("quickstart-subnet.md").await, 18);
}

#[tokio::test(flavor = "multi_thread")]
async fn auditor_quick_start() {
    assert_eq!(run_page("quickstart-auditor.md").await, 2);
}
