//! Differential test of the Foundry precompile mocks (`contracts/solidity-mocks`) against an
//! in-process dev node: `tests/foundry-mocks/diff.sh` registers a subnet on the node, deploys
//! `Sequence.sol` and runs it in one transaction (stake, quotes, prices, unstake, allowances,
//! `transferStakeFrom` and nine calls that must fail), then runs the same sequence in
//! `forge test` on the mocks started from the node's reserves, and requires the same 38 numbers,
//! the same 0x805 events and the same address twins. Once per pool engine; subnets start at once
//! (the `--subnet-startup dev` profile), so staking needs no `startCall`.

use std::net::SocketAddr;
use std::path::PathBuf;
use tao_chain::genesis::{PoolEngineChoice, SubnetStartup};

#[tokio::test(flavor = "multi_thread")]
async fn precompile_mocks_match_the_node() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let tools = std::env::var_os("TAOCHAIN_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".tools"));
    assert!(
        tools.join("bin/forge").exists(),
        "{} missing: run scripts/setup-tools.sh (the README test command does)",
        tools.join("bin/forge").display()
    );
    for engine in [PoolEngineChoice::Solidity, PoolEngineChoice::Native] {
        let mut cfg = taochain_node::NodeConfig::dev(SocketAddr::from(([127, 0, 0, 1], 0)), None);
        cfg.genesis.native.pool_engine = engine;
        cfg.genesis.native.subnet_startup = Some(SubnetStartup::Dev);
        let node = taochain_node::start(cfg).await.expect("node starts");
        let out = tokio::process::Command::new("bash")
            .arg(root.join("tests/foundry-mocks/diff.sh"))
            .env("TAOCHAIN_RPC_URL", node.http_url())
            .env("TAOCHAIN_TOOLS", &tools)
            .output()
            .await
            .expect("run tests/foundry-mocks/diff.sh");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stdout.contains("[diff] engine=external: mocks == node"),
            "mocks differ from the node ({engine:?} pool engine):\n{stdout}\n{stderr}"
        );
        node.stop().await;
    }
}
