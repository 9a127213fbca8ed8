//! On a terminal: the confirmation prompt (yes sends, anything else cancels) and the password
//! prompts (asked twice for a new wallet; a wrong one refused).

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn confirmation_and_password_prompts() {
    let env = env().await;
    let k = key_hex(8);
    let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    let send = ["--key", &k, "transfer", "--dest", alice, "--amount", "0.25"];

    // Declined: the summary shows what would be spent, nothing is sent.
    let no = env.tty(&send, "n\n").await;
    assert_eq!(no.code, 1, "{}", no.stdout);
    for text in [
        "send 0.25 TAO to 5Grwva",
        "max fee",
        "total at most",
        "Proceed? [y/N]",
        "cancelled: nothing was sent",
    ] {
        assert!(no.stdout.contains(text), "lacks {text:?}:\n{}", no.stdout);
    }
    let bal = env.tao(&["--json", "wallet", "balance", "--account", alice]).await.ok().json();
    assert_eq!(bal["free"], "0");

    // Accepted.
    let yes = env.tty(&send, "y\n").await;
    assert_eq!(yes.code, 0, "{}", yes.stdout);
    assert!(yes.stdout.contains("included in block"), "{}", yes.stdout);
    let bal = env.tao(&["--json", "wallet", "balance", "--account", alice]).await.ok().json();
    assert_eq!(bal["free"], "0.25");

    // A new wallet asks for its password twice; two different answers are refused.
    let differ = env.tty(&["wallet", "new", "--name", "w"], "one\ntwo\n").await;
    assert_eq!(differ.code, 4, "{}", differ.stdout);
    assert!(differ.stdout.contains("the two passwords differ"), "{}", differ.stdout);
    let made = env.tty(&["wallet", "new", "--name", "w"], "pw\npw\n").await;
    assert_eq!(made.code, 0, "{}", made.stdout);
    assert!(made.stdout.contains("Repeat the password"), "{}", made.stdout);

    // Signing with the wallet asks for the password: a wrong one is exit 4.
    let addr = env.tao(&["--json", "wallet", "list"]).await.ok().json()["wallets"][0]["coldkey"]["address"]
        .as_str()
        .expect("address")
        .to_owned();
    env.tao(&["--key", &k, "--yes", "transfer", "--dest", &addr, "--amount", "1"]).await.ok();
    let wrong = env
        .tty(&["--wallet", "w", "--yes", "transfer", "--dest", alice, "--amount", "0.5"], "nope\n")
        .await;
    assert_eq!(wrong.code, 4, "{}", wrong.stdout);
    assert!(wrong.stdout.contains("Password for the coldkey of wallet \"w\""), "{}", wrong.stdout);
    assert!(wrong.stdout.contains("wrong password"), "{}", wrong.stdout);
    let right = env
        .tty(&["--wallet", "w", "--yes", "transfer", "--dest", alice, "--amount", "0.5"], "pw\n")
        .await;
    assert_eq!(right.code, 0, "{}", right.stdout);
    let bal = env.tao(&["--json", "wallet", "balance", "--account", alice]).await.ok().json();
    assert_eq!(bal["free"], "0.75");
}
