//! `contracts-build`: write (default) or `--check` the Solidity artefacts in
//! `contracts/artifacts/` from `contracts/solidity/src/` (`--root REPO`: another checkout).

use anyhow::Context as _;

fn main() -> anyhow::Result<()> {
    let mut check = false;
    let mut paths = contracts_build::Paths::of_this_repo();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--check" => check = true,
            "--root" => {
                let root = args.next().context("--root needs a directory")?;
                paths = contracts_build::Paths::of_repo(std::path::Path::new(&root));
            }
            other => anyhow::bail!(
                "unknown argument {other}; usage: contracts-build [--check] [--root REPO]"
            ),
        }
    }
    if check {
        let drift = contracts_build::check(&paths).context("checking the artefacts")?;
        for d in &drift {
            eprintln!("{d}");
        }
        anyhow::ensure!(
            drift.is_empty(),
            "artefacts are out of date: run `cargo run -p contracts-build`"
        );
        eprintln!("artefacts match the sources");
    } else {
        let names = contracts_build::write(&paths).context("writing the artefacts")?;
        eprintln!("wrote {} artefacts to {}", names.len(), paths.artifacts.display());
    }
    Ok(())
}
