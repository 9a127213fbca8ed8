//! Running `tao` against a node: [`Env`] (a dev node and a wallet directory), [`Out`] (exit
//! code, stdout, stderr).

use serde_json::Value;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use taochain_node::{Node, NodeConfig};
use taochain_sdk::Key;
use tempfile::TempDir;

/// The phrase of the dev accounts (anvil's).
const DEV_PHRASE: &str = "test test test test test test test test test test test junk";

/// Dev account `i`'s key.
pub fn dev(i: u32) -> Key {
    Key::from_mnemonic(DEV_PHRASE, i).expect("dev key")
}

/// Dev account `i`'s raw key as hex.
pub fn key_hex(i: u32) -> String {
    dev(i).secret_hex()
}

/// Dev account `i`'s 32-byte id in hex.
pub fn id_hex(i: u32) -> String {
    dev(i).id().to_hex()
}

/// Dev account `i`'s 32-byte id in SS58.
pub fn id_ss58(i: u32) -> String {
    dev(i).id().to_ss58()
}

/// What one `tao` run gave.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// stdout as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr)
        })
    }

    /// Asserts success.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(self.code, 0, "tao failed:\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    /// Asserts exit code `code` and that stderr says `text`.
    #[track_caller]
    pub fn fails(self, code: i32, text: &str) -> Self {
        assert_eq!(
            self.code, code,
            "exit code:\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(self.stderr.contains(text), "stderr lacks {text:?}:\n{}", self.stderr);
        self
    }
}

/// A dev node and an empty wallet directory.
pub struct Env {
    /// Kept alive for the test.
    _node: Node,
    pub url: String,
    pub wallets: TempDir,
}

/// A dev node (subnets start at once, as `--dev` does).
pub async fn env() -> Env {
    start(NodeConfig::dev(SocketAddr::from(([127, 0, 0, 1], 0)), None)).await
}

/// A dev node whose subnets start as on the real chain: with `start_call` (`tao subnet start`).
pub async fn env_mainnet_startup() -> Env {
    let mut cfg = NodeConfig::dev(SocketAddr::from(([127, 0, 0, 1], 0)), None);
    cfg.genesis.native.subnet_startup = Some(tao_chain::genesis::SubnetStartup::Mainnet);
    start(cfg).await
}

async fn start(cfg: NodeConfig) -> Env {
    let node = taochain_node::start(cfg).await.expect("node starts");
    let url = node.http_url();
    Env { _node: node, url, wallets: tempfile::tempdir().expect("tempdir") }
}

impl Env {
    /// `tao --wallet-dir <dir> <args>` with `--rpc` given by the caller.
    pub async fn raw(&self, args: Vec<String>, envs: Vec<(String, String)>) -> Out {
        self.raw_in(&std::env::current_dir().expect("cwd"), args, envs).await
    }

    /// [`Env::raw`] in the directory `cwd`.
    pub async fn raw_in(
        &self,
        cwd: &std::path::Path,
        args: Vec<String>,
        envs: Vec<(String, String)>,
    ) -> Out {
        let dir = self.wallets.path().to_owned();
        let cwd = cwd.to_owned();
        tokio::task::spawn_blocking(move || {
            let out = Command::new(env!("CARGO_BIN_EXE_tao"))
                .current_dir(&cwd)
                .args(&args)
                .arg("--wallet-dir")
                .arg(&dir)
                .env_remove("TAO_PASSWORD")
                .env_remove("TAO_WALLET")
                .env_remove("TAO_RPC")
                .envs(envs)
                .stdin(Stdio::null())
                .output()
                .expect("run tao");
            Out {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            }
        })
        .await
        .expect("tao thread")
    }

    /// `tao --rpc <url> <args>` on a terminal (a pseudo-terminal made by util-linux's
    /// `script`), typing `input`. The terminal merges stdout and stderr: both are in
    /// [`Out::stdout`].
    pub async fn tty(&self, args: &[&str], input: &str) -> Out {
        let quote = |a: &str| format!("'{}'", a.replace('\'', "'\\''"));
        let mut cmd = vec![quote(env!("CARGO_BIN_EXE_tao")), quote("--rpc"), quote(&self.url)];
        cmd.extend(args.iter().map(|a| quote(a)));
        cmd.push(quote("--wallet-dir"));
        cmd.push(quote(&self.wallets.path().display().to_string()));
        let (cmd, input) = (cmd.join(" "), input.to_owned());
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let mut child = Command::new("script")
                .args(["-q", "-e", "-c", &cmd, "/dev/null"])
                .env_remove("TAO_PASSWORD")
                .env_remove("TAO_WALLET")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("util-linux script");
            if let Some(mut stdin) = child.stdin.take() {
                stdin.write_all(input.as_bytes()).expect("type");
            }
            let out = child.wait_with_output().expect("script");
            Out {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            }
        })
        .await
        .expect("tao thread")
    }

    /// `tao --rpc <url> <args>`.
    pub async fn tao(&self, args: &[&str]) -> Out {
        self.tao_env(args, &[]).await
    }

    /// [`Env::tao`] with environment variables.
    pub async fn tao_env(&self, args: &[&str], envs: &[(&str, &str)]) -> Out {
        let mut all = vec!["--rpc".to_owned(), self.url.clone()];
        all.extend(args.iter().map(|a| (*a).to_owned()));
        let envs = envs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.raw(all, envs).await
    }

    /// `tao --rpc URL --key HEX --yes subnet create` as dev account `i`: the new netuid.
    pub async fn create_subnet(&self, i: u32) -> u16 {
        let k = key_hex(i);
        let out = self.tao(&["--key", &k, "--yes", "--json", "subnet", "create"]).await.ok();
        let netuid = out.json()["netuid"].as_u64().expect("netuid");
        u16::try_from(netuid).expect("u16")
    }

    /// A JSON-RPC call that must succeed.
    pub async fn rpc(&self, method: &str, params: Value) -> Value {
        taochain_tests::Rpc::new(&self.url).ok(method, params).await
    }
}
