//! The checked-in artefacts are what the sources compile to (recompiles with the local solc).

#[test]
fn checked_in_artifacts_match_the_sources() {
    let paths = contracts_build::Paths::of_this_repo();
    let drift = contracts_build::check(&paths).expect("compile the Solidity sources");
    let lines: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        lines.is_empty(),
        "run `cargo run -p contracts-build` and commit contracts/artifacts:\n{}",
        lines.join("\n")
    );
}

#[test]
fn a_changed_source_is_detected() {
    // Copy the sources into a scratch tree, add a public constant to WTAO, and expect a
    // difference in its artefact (ABI and code).
    let repo = contracts_build::Paths::of_this_repo();
    let dir = tempfile_dir();
    copy_tree(&repo.sources, &dir.join("contracts/solidity/src"));
    copy_tree(&repo.interfaces, &dir.join("contracts/interfaces"));
    copy_tree(&repo.artifacts, &dir.join("contracts/artifacts"));
    let mut paths = contracts_build::Paths::of_repo(&dir);
    paths.solc = repo.solc.clone();
    let target = dir.join("contracts/solidity/src/token/WTAO.sol");
    let text = std::fs::read_to_string(&target).expect("WTAO.sol");
    let changed = text.replacen(
        "contract WTAO {",
        "contract WTAO {\n    uint256 public constant EXTRA = 1;",
        1,
    );
    assert_ne!(changed, text, "WTAO.sol declares `contract WTAO {{`");
    std::fs::write(&target, changed).expect("write");
    let drift = contracts_build::check(&paths).expect("compile");
    assert!(
        drift.contains(&contracts_build::Drift::Differs("WTAO.json".into())),
        "a changed source must be reported: {drift:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn tempfile_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("contracts-build-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let p = e.path();
        if p.is_dir() {
            copy_tree(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}
